using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Predicates;

/// <summary>
/// The narrow SQL the emulator evaluates before full queries arrive: `[SELECT * ]FROM c [WHERE predicate]`, where the
/// predicate uses paths, literals, @parameters, comparisons, AND/OR/NOT and a few functions (STARTSWITH, IS_DEFINED…).
/// That covers patch conditions, the change feed processor's lease listing and offer lookups. Anything else is
/// refused with <see cref="UnsupportedSqlException"/>, never guessed at.
/// </summary>
internal sealed class SqlFilter
{
    private readonly SqlExpression? where;

    private SqlFilter(SqlExpression? where) => this.where = where;

    public bool Matches(JsonNode document) => where is null || where.Evaluate(document).IsTrue;

    public static SqlFilter Parse(string text, IReadOnlyDictionary<string, JsonNode?>? parameters = null)
    {
        var parser = new Parser(SqlLexer.Tokenize(text), parameters ?? new Dictionary<string, JsonNode?>());
        return new SqlFilter(parser.ParseQuery());
    }

    private sealed class Parser(List<SqlToken> tokens, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        private int position;
        private string alias = "c";

        private SqlToken Current => tokens[position];

        public SqlExpression? ParseQuery()
        {
            if (Accept("SELECT"))
            {
                Accept("VALUE");
                if (!Accept("*"))
                {
                    throw new UnsupportedSqlException($"only SELECT * is supported, found '{Current.Text}'");
                }
            }

            Expect("FROM");
            alias = ExpectIdentifier();
            if (Accept("AS") || (Current.Kind == SqlTokenKind.Identifier && !Current.Is("WHERE")))
            {
                alias = ExpectIdentifier();
            }

            SqlExpression? where = null;
            if (Accept("WHERE"))
            {
                where = ParseOr();
            }

            if (Current.Kind != SqlTokenKind.End)
            {
                throw new UnsupportedSqlException($"'{Current.Text}' at position {Current.Position}");
            }

            return where;
        }

        private SqlExpression ParseOr()
        {
            var left = ParseAnd();
            while (Accept("OR"))
            {
                left = new SqlLogical("OR", left, ParseAnd());
            }

            return left;
        }

        private SqlExpression ParseAnd()
        {
            var left = ParseNot();
            while (Accept("AND"))
            {
                left = new SqlLogical("AND", left, ParseNot());
            }

            return left;
        }

        private SqlExpression ParseNot() =>
            Accept("NOT") ? new SqlLogical("NOT", ParseNot(), null) : ParseComparison();

        private SqlExpression ParseComparison()
        {
            var left = ParsePrimary();
            if (Current.Kind == SqlTokenKind.Symbol && Current.Text is "=" or "!=" or "<>" or "<" or "<=" or ">" or ">=")
            {
                var op = Current.Text;
                position++;
                return new SqlComparison(op, left, ParsePrimary());
            }

            return left;
        }

        private SqlExpression ParsePrimary()
        {
            var token = Current;
            switch (token.Kind)
            {
                case SqlTokenKind.Number:
                    position++;
                    return new SqlConstant(SqlValue.Of(JsonValue.Create(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture))));
                case SqlTokenKind.String:
                    position++;
                    return new SqlConstant(SqlValue.Of(JsonValue.Create(token.Text)));
                case SqlTokenKind.Parameter:
                    position++;
                    return parameters.TryGetValue(token.Text, out var value)
                        ? new SqlConstant(SqlValue.Of(value?.DeepClone()))
                        : throw Fail.BadRequest($"The query parameter '{token.Text}' is not defined.");
                case SqlTokenKind.Symbol when token.Text == "(":
                    position++;
                    var inner = ParseOr();
                    Expect(")");
                    return inner;
                case SqlTokenKind.Identifier:
                    if (token.Is("true") || token.Is("false"))
                    {
                        position++;
                        return new SqlConstant(SqlValue.Of(token.Is("true")));
                    }

                    if (token.Is("null"))
                    {
                        position++;
                        return new SqlConstant(SqlValue.Of((JsonNode?)null));
                    }

                    if (token.Is("undefined"))
                    {
                        position++;
                        return new SqlConstant(SqlValue.Undefined);
                    }

                    if (tokens[position + 1].Text == "(")
                    {
                        return ParseFunction();
                    }

                    return ParsePath();
                default:
                    throw new UnsupportedSqlException($"'{token.Text}' at position {token.Position}");
            }
        }

        private SqlExpression ParseFunction()
        {
            var nameToken = Current;
            var name = nameToken.Text.ToUpperInvariant();
            if (!SqlFunction.Supported.Contains(name))
            {
                throw new UnsupportedSqlException($"function {nameToken.Text}");
            }

            position++;
            Expect("(");
            var arguments = new List<SqlExpression>();
            if (!Accept(")"))
            {
                do
                {
                    arguments.Add(ParseOr());
                }
                while (Accept(","));
                Expect(")");
            }

            SqlFunction.CheckArity(name, arguments.Count, nameToken.Position);
            return new SqlFunction(name, arguments);
        }

        private SqlPath ParsePath()
        {
            var root = ExpectIdentifier();
            if (!string.Equals(root, alias, StringComparison.Ordinal))
            {
                throw Fail.BadRequest($"Identifier '{root}' could not be resolved; the query addresses its documents as '{alias}'.");
            }

            var steps = new List<object>();
            while (true)
            {
                if (Accept("."))
                {
                    steps.Add(ExpectIdentifier());
                }
                else if (Accept("["))
                {
                    var token = Current;
                    position++;
                    steps.Add(token.Kind switch
                    {
                        SqlTokenKind.String => token.Text,
                        SqlTokenKind.Number => (object)int.Parse(token.Text, CultureInfo.InvariantCulture),
                        _ => throw new UnsupportedSqlException($"index '{token.Text}' at position {token.Position}"),
                    });
                    Expect("]");
                }
                else
                {
                    return new SqlPath(steps);
                }
            }
        }

        private bool Accept(string text)
        {
            if (Current.Is(text) && Current.Kind is SqlTokenKind.Identifier or SqlTokenKind.Symbol)
            {
                position++;
                return true;
            }

            return false;
        }

        private void Expect(string text)
        {
            if (!Accept(text))
            {
                throw Fail.BadRequest($"Syntax error, expected '{text}' near '{Current.Text}' at position {Current.Position}.");
            }
        }

        private string ExpectIdentifier()
        {
            if (Current.Kind != SqlTokenKind.Identifier)
            {
                throw Fail.BadRequest($"Syntax error, expected a name near '{Current.Text}' at position {Current.Position}.");
            }

            return tokens[position++].Text;
        }
    }
}
