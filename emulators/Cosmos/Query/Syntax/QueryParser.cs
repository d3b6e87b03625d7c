using Pipeline.Emulators.Cosmos.Query.Evaluation;
using Pipeline.Emulators.Cosmos.Query.Values;

namespace Pipeline.Emulators.Cosmos.Query.Syntax;

/// <summary>
/// Recursive-descent parser for Cosmos SQL SELECT statements. Identifiers are resolved to FROM/JOIN aliases while
/// parsing, so an unknown name is reported with its position before any document is read.
/// </summary>
internal sealed class QueryParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "FROM", "WHERE", "ORDER", "GROUP", "BY", "OFFSET", "LIMIT", "JOIN", "AS", "IN", "ASC", "DESC", "AND", "OR",
        "NOT", "BETWEEN", "LIKE", "ESCAPE", "VALUE", "TOP", "DISTINCT", "TRUE", "FALSE", "NULL", "UNDEFINED", "EXISTS", "ARRAY",
    };

    private readonly List<Token> tokens;
    private readonly Dictionary<string, int> aliases = new(StringComparer.Ordinal);
    private const int MaxDepth = 128;
    private const int MaxOperators = 2000;

    private int position;
    private int end;
    private int slots = 1;
    private int depth;
    private int operators;

    private QueryParser(string text)
    {
        tokens = QueryLexer.Tokenize(text);
        end = tokens.Count - 1;
    }

    private Token Current => tokens[position];

    public static SelectQuery Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new QueryException("the query text is empty", 0);
        }

        return new QueryParser(text).ParseSelect(correlated: false);
    }

    private SelectQuery ParseSelect(bool correlated)
    {
        Expect("SELECT");
        var distinct = Accept("DISTINCT");
        Expression? top = null;
        if (Accept("TOP"))
        {
            top = ParseCount("TOP");
        }

        // The SELECT list names aliases that the FROM clause declares, so FROM is parsed first.
        var selectStart = position;
        var fromIndex = FindTopLevel("FROM", selectStart);
        var from = new List<FromSource>();
        var afterFrom = end;
        var rootName = "c";
        if (fromIndex >= 0)
        {
            position = fromIndex + 1;
            rootName = correlated ? ParseCorrelatedFrom(from) : ParseFrom(from);
            afterFrom = position;
        }

        position = selectStart;
        var selectsAll = false;
        Expression? value = null;
        var projections = new List<Projection>();
        var selectEnd = fromIndex >= 0 ? fromIndex : end;
        if (Current.Is("*"))
        {
            var star = Current.Position;
            position++;
            if (position != selectEnd)
            {
                throw Unexpected();
            }

            if (from.Count != 1)
            {
                throw new QueryException(from.Count == 0 ? "'SELECT *' is not valid if the FROM clause is omitted" : "'SELECT *' is only valid with a single input set", star);
            }

            selectsAll = true;
        }
        else if (Accept("VALUE"))
        {
            value = ParseExpression();
        }
        else
        {
            ParseProjections(projections);
        }

        if (position != selectEnd)
        {
            throw Unexpected();
        }

        position = afterFrom;
        Expression? where = null;
        if (Accept("WHERE"))
        {
            where = ParseExpression();
            if (where.HasAggregate)
            {
                throw new QueryException("aggregates are not allowed in the WHERE clause", where.Position);
            }
        }

        var groupBy = new List<Expression>();
        if (Accept("GROUP"))
        {
            Expect("BY");
            do
            {
                groupBy.Add(ParseExpression());
            }
            while (Accept(","));
        }

        var orderBy = new List<OrderByItem>();
        if (Accept("ORDER"))
        {
            var orderPosition = Current.Position;
            Expect("BY");
            if (groupBy.Count > 0)
            {
                throw new QueryException("ORDER BY cannot be combined with GROUP BY", orderPosition);
            }

            do
            {
                var item = ParseExpression();
                var descending = Accept("DESC");
                if (!descending)
                {
                    Accept("ASC");
                }

                orderBy.Add(new OrderByItem(item, descending));
            }
            while (Accept(","));
        }

        Expression? offset = null;
        Expression? limit = null;
        if (Accept("OFFSET"))
        {
            offset = ParseCount("OFFSET");
            Expect("LIMIT");
            limit = ParseCount("LIMIT");
        }

        if (position != end)
        {
            throw Unexpected();
        }

        if (top is not null && offset is not null)
        {
            throw new QueryException("TOP cannot be combined with OFFSET LIMIT", top.Position);
        }

        var query = new SelectQuery
        {
            Distinct = distinct,
            Top = top,
            SelectsAll = selectsAll,
            Value = value,
            Projections = projections,
            From = from,
            RootName = rootName,
            Correlated = correlated,
            Where = where,
            GroupBy = groupBy,
            OrderBy = orderBy,
            Offset = offset,
            Limit = limit,
            SlotCount = slots,
        };
        query = query with
        {
            DocumentProperties = correlated ? null : DocumentProperties(query),
            SortProperties = correlated || orderBy.Count == 0 ? null : SortProperties(query),
        };
        if (query.Grouped && selectsAll)
        {
            throw new QueryException("'SELECT *' is not valid with GROUP BY or aggregates", 0);
        }

        if (query.Aggregates && orderBy.Count > 0)
        {
            throw new QueryException("ORDER BY cannot be combined with aggregates", orderBy[0].Value.Position);
        }

        return query;
    }

    private static string[]? DocumentProperties(SelectQuery query)
    {
        if (query.SelectsAll && query.From[0].Slot == 0)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var expressions = query.Projections.Select(p => p.Value)
            .Concat(query.From.Select(f => f.Source).OfType<Expression>())
            .Concat(query.GroupBy)
            .Concat(query.OrderBy.Select(o => o.Value))
            .Concat(new[] { query.Value, query.Where }.OfType<Expression>());
        return expressions.All(e => CollectProperties(e, names)) ? [.. names] : null;
    }

    private static string[]? SortProperties(SelectQuery query)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var expressions = query.OrderBy.Select(o => o.Value).Concat(new[] { query.Where }.OfType<Expression>());
        return expressions.All(e => CollectProperties(e, names)) ? [.. names] : null;
    }

    /// <summary>Adds the document properties <paramref name="expression"/> reads; false when it needs the whole document.</summary>
    private static bool CollectProperties(Expression expression, HashSet<string> names)
    {
        switch (expression)
        {
            case PropertyExpression { Target: AliasExpression { Slot: 0 } } property:
                names.Add(property.Name);
                return true;
            case IndexExpression { Target: AliasExpression { Slot: 0 }, Index: LiteralExpression { Value: string name } }:
                names.Add(name);
                return true;
            case AliasExpression { Slot: 0 }:
                return false;
            default:
                return expression.Children.All(c => CollectProperties(c, names));
        }
    }

    private void ParseProjections(List<Projection> projections)
    {
        var unnamed = 0;
        do
        {
            var expression = ParseExpression();
            string name;
            if (Accept("AS") || (Current.Kind == TokenKind.Identifier && !Reserved.Contains(Current.Text)))
            {
                name = ExpectIdentifier();
            }
            else
            {
                name = expression switch
                {
                    PropertyExpression p => p.Name,
                    IndexExpression { Index: LiteralExpression { Value: string s } } => s,
                    AliasExpression a => a.Name,
                    _ => "$" + (++unnamed).ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            }

            if (projections.Any(p => p.Name == name))
            {
                throw new QueryException($"the property name '{name}' appears more than once in the SELECT list", expression.Position);
            }

            projections.Add(new Projection(name, expression));
        }
        while (Accept(","));
    }

    private string ParseFrom(List<FromSource> from)
    {
        var first = Current;
        var root = ExpectIdentifier();
        var rootName = root;
        if (Accept("IN"))
        {
            // `FROM alias IN root.path`: the root names the document, whatever it is called.
            rootName = RootName();
            aliases[rootName] = 0;
            var source = ParseExpression();
            aliases.Clear();
            from.Add(Declare(root, first.Position, source, iterates: true));
        }
        else
        {
            aliases[root] = 0;
            Expression? source = null;
            if (Current.Is(".") || Current.Is("["))
            {
                position--;
                source = ParsePostfix();
            }

            string alias;
            if (Accept("AS") || (Current.Kind == TokenKind.Identifier && !Reserved.Contains(Current.Text)))
            {
                alias = ExpectIdentifier();
            }
            else
            {
                alias = root;
            }

            aliases.Clear();
            if (source is null)
            {
                aliases[alias] = 0;
                from.Add(new FromSource(alias, 0, null, Iterates: false));
            }
            else
            {
                from.Add(Declare(alias, first.Position, source, iterates: false));
            }
        }

        ParseJoins(from);
        return rootName;
    }

    /// <summary>
    /// The FROM clause of a subquery: it ranges over values of the outer row (`t IN c.tags`, or `c.address AS a`), so
    /// the outer aliases stay visible.
    /// </summary>
    private string ParseCorrelatedFrom(List<FromSource> from)
    {
        var first = Current;
        if (Current.Kind == TokenKind.Identifier && tokens[position + 1].Is("IN"))
        {
            var alias = ExpectIdentifier();
            Expect("IN");
            from.Add(Declare(alias, first.Position, ParseExpression(), iterates: true));
        }
        else
        {
            var source = ParsePostfix();
            Accept("AS");
            if (Current.Kind != TokenKind.Identifier || Reserved.Contains(Current.Text))
            {
                throw new QueryException("a subquery's FROM clause must range over the outer row: 'x IN c.items' or 'c.address AS a'", first.Position);
            }

            from.Add(Declare(ExpectIdentifier(), first.Position, source, iterates: false));
        }

        ParseJoins(from);
        return "c";
    }

    private void ParseJoins(List<FromSource> from)
    {
        while (Accept("JOIN"))
        {
            var at = Current;
            var alias = ExpectIdentifier();
            Expect("IN");
            var source = ParseExpression();
            from.Add(Declare(alias, at.Position, source, iterates: true));
        }
    }

    /// <summary>Parses `SELECT …` up to its closing parenthesis, with the outer aliases in scope and its own aliases local.</summary>
    private Expression ParseSubquery(SubqueryKind kind, int at)
    {
        var close = position;
        var nesting = 0;
        for (; close < end; close++)
        {
            var token = tokens[close];
            if (token.Kind != TokenKind.Symbol)
            {
                continue;
            }

            if (token.Text is "(" or "[" or "{")
            {
                nesting++;
            }
            else if (token.Text is ")" or "]" or "}" && --nesting < 0)
            {
                break;
            }
        }

        if (close >= end || !tokens[close].Is(")"))
        {
            throw new QueryException("the subquery is missing its closing ')'", at);
        }

        var outerEnd = end;
        var outerAliases = new Dictionary<string, int>(aliases, StringComparer.Ordinal);
        end = close;
        if (++depth > MaxDepth)
        {
            throw new QueryException($"the query nests expressions more than {MaxDepth} levels deep", at);
        }

        SelectQuery query;
        try
        {
            query = ParseSelect(correlated: true);
        }
        finally
        {
            depth--;
            end = outerEnd;
            aliases.Clear();
            foreach (var (name, slot) in outerAliases)
            {
                aliases[name] = slot;
            }
        }

        position = close + 1;
        return new SubqueryExpression(at, kind, query);
    }

    private string RootName()
    {
        if (Current.Kind != TokenKind.Identifier)
        {
            throw Unexpected();
        }

        return Current.Text;
    }

    private FromSource Declare(string alias, int at, Expression source, bool iterates)
    {
        if (aliases.ContainsKey(alias))
        {
            throw new QueryException($"the alias '{alias}' is declared more than once", at);
        }

        var slot = slots++;
        aliases[alias] = slot;
        return new FromSource(alias, slot, source, iterates);
    }

    private Expression ParseCount(string clause)
    {
        var token = Current;
        if (token.Kind == TokenKind.Number && token.Number >= 0 && token.Number == Math.Floor(token.Number))
        {
            position++;
            return new LiteralExpression(token.Position, token.Number);
        }

        if (token.Kind == TokenKind.Parameter)
        {
            position++;
            return new ParameterExpression(token.Position, token.Text);
        }

        throw new QueryException($"{clause} expects a non-negative integer or a parameter, found '{token.Text}'", token.Position);
    }

    // Nesting is bounded so that deeply nested text is a 400, never a stack overflow.
    private Expression ParseExpression() => Nested(ParseConditional);

    /// <summary>Counts one more operator; a left-deep chain of thousands would overflow the stack when evaluated.</summary>
    private void CountOperator(int at)
    {
        if (++operators > MaxOperators)
        {
            throw new QueryException($"the query has more than {MaxOperators} operators", at);
        }
    }

    private Expression Nested(Func<Expression> parse)
    {
        if (++depth > MaxDepth)
        {
            throw new QueryException($"the query nests expressions more than {MaxDepth} levels deep", Current.Position);
        }

        try
        {
            return parse();
        }
        finally
        {
            depth--;
        }
    }

    private Expression ParseConditional()
    {
        var condition = ParseCoalesce();
        if (!Current.Is("?"))
        {
            return condition;
        }

        var at = Current.Position;
        position++;
        var whenTrue = ParseConditional();
        Expect(":");
        var whenFalse = ParseConditional();
        return new ConditionalExpression(at, condition, whenTrue, whenFalse);
    }

    private Expression ParseCoalesce()
    {
        var left = ParseOr();
        while (Current.Is("??"))
        {
            var at = Current.Position;
            position++;
            CountOperator(at);
            left = new CoalesceExpression(at, left, ParseOr());
        }

        return left;
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (Current.Is("OR"))
        {
            var at = Current.Position;
            position++;
            CountOperator(at);
            left = new BinaryExpression(at, "OR", left, ParseAnd());
        }

        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (Current.Is("AND"))
        {
            var at = Current.Position;
            position++;
            CountOperator(at);
            left = new BinaryExpression(at, "AND", left, ParseNot());
        }

        return left;
    }

    private Expression ParseNot()
    {
        if (Current.Is("NOT"))
        {
            var at = Current.Position;
            position++;
            return new UnaryExpression(at, "NOT", Nested(ParseNot));
        }

        return ParseComparison();
    }

    private Expression ParseComparison()
    {
        var left = ParseBinary(0);
        while (true)
        {
            var at = Current.Position;
            if (Current.Kind == TokenKind.Symbol && Current.Text is "=" or "!=" or "<>" or "<" or "<=" or ">" or ">=")
            {
                var op = Current.Text;
                position++;
                CountOperator(at);
                left = new BinaryExpression(at, op, left, ParseBinary(0));
                continue;
            }

            var negated = Current.Is("NOT") && (tokens[position + 1].Is("IN") || tokens[position + 1].Is("BETWEEN") || tokens[position + 1].Is("LIKE"));
            if (negated)
            {
                position++;
            }

            if (Accept("IN"))
            {
                Expect("(");
                var candidates = new List<Expression>();
                if (!Current.Is(")"))
                {
                    do
                    {
                        candidates.Add(ParseExpression());
                    }
                    while (Accept(","));
                }

                Expect(")");
                CountOperator(at);
                left = new InExpression(at, left, candidates, negated);
            }
            else if (Accept("BETWEEN"))
            {
                var low = ParseBinary(0);
                Expect("AND");
                CountOperator(at);
                left = new BetweenExpression(at, left, low, ParseBinary(0), negated);
            }
            else if (Accept("LIKE"))
            {
                var pattern = ParseBinary(0);
                var escape = Accept("ESCAPE") ? ParseBinary(0) : null;
                CountOperator(at);
                left = new LikeExpression(at, left, pattern, escape, negated);
            }
            else
            {
                return left;
            }
        }
    }

    private static readonly string[][] BinaryLevels =
    [
        ["|"],
        ["^"],
        ["&"],
        ["<<", ">>", ">>>"],
        ["+", "-", "||"],
        ["*", "/", "%"],
    ];

    private Expression ParseBinary(int level)
    {
        if (level == BinaryLevels.Length)
        {
            return ParseUnary();
        }

        var left = ParseBinary(level + 1);
        while (Current.Kind == TokenKind.Symbol && BinaryLevels[level].Contains(Current.Text))
        {
            var at = Current.Position;
            var op = Current.Text;
            position++;
            CountOperator(at);
            left = new BinaryExpression(at, op, left, ParseBinary(level + 1));
        }

        return left;
    }

    private Expression ParseUnary()
    {
        if (Current.Kind == TokenKind.Symbol && Current.Text is "-" or "+" or "~")
        {
            var at = Current.Position;
            var op = Current.Text;
            position++;
            var operand = Nested(ParseUnary);
            return op == "-" && operand is LiteralExpression { Value: double d } ? new LiteralExpression(at, -d) : new UnaryExpression(at, op, operand);
        }

        return ParsePostfix();
    }

    private Expression ParsePostfix()
    {
        var expression = ParsePrimary();
        while (true)
        {
            var at = Current.Position;
            if (Current.Is(".") || Current.Is("["))
            {
                CountOperator(at);
            }

            if (Accept("."))
            {
                if (Current.Kind != TokenKind.Identifier)
                {
                    throw new QueryException($"a property name must follow '.', found '{Current.Text}'", Current.Position);
                }

                expression = new PropertyExpression(at, expression, Current.Text);
                position++;
            }
            else if (Accept("["))
            {
                var index = ParseExpression();
                Expect("]");
                expression = new IndexExpression(at, expression, index);
            }
            else
            {
                return expression;
            }
        }
    }

    private Expression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                position++;
                return new LiteralExpression(token.Position, token.Number);
            case TokenKind.String:
                position++;
                return new LiteralExpression(token.Position, token.Text);
            case TokenKind.Parameter:
                position++;
                return new ParameterExpression(token.Position, token.Text);
            case TokenKind.Symbol when token.Text == "(":
                position++;
                if (Current.Is("SELECT"))
                {
                    return ParseSubquery(SubqueryKind.Scalar, token.Position);
                }

                var inner = ParseExpression();
                Expect(")");
                return inner;
            case TokenKind.Symbol when token.Text == "[":
                position++;
                var elements = new List<Expression>();
                if (!Current.Is("]"))
                {
                    do
                    {
                        elements.Add(ParseExpression());
                    }
                    while (Accept(","));
                }

                Expect("]");
                return new ArrayExpression(token.Position, elements);
            case TokenKind.Symbol when token.Text == "{":
                return ParseObject();
            case TokenKind.Identifier:
                return ParseIdentifier();
            default:
                throw Unexpected();
        }
    }

    private Expression ParseObject()
    {
        var at = Current.Position;
        position++;
        var properties = new List<(string, Expression)>();
        if (!Current.Is("}"))
        {
            do
            {
                if (Current.Kind is not (TokenKind.Identifier or TokenKind.String))
                {
                    throw new QueryException($"an object property name was expected, found '{Current.Text}'", Current.Position);
                }

                var name = Current.Text;
                position++;
                Expect(":");
                properties.Add((name, ParseExpression()));
            }
            while (Accept(","));
        }

        Expect("}");
        return new ObjectExpression(at, properties);
    }

    private Expression ParseIdentifier()
    {
        var token = Current;
        position++;
        if (token.Is("true") || token.Is("false"))
        {
            return new LiteralExpression(token.Position, token.Is("true"));
        }

        if (token.Is("null"))
        {
            return new LiteralExpression(token.Position, null);
        }

        if (token.Is("undefined"))
        {
            return new LiteralExpression(token.Position, Undefined.Value);
        }

        if ((token.Is("EXISTS") || token.Is("ARRAY")) && Current.Is("("))
        {
            if (!tokens[position + 1].Is("SELECT"))
            {
                throw new QueryException($"{token.Text.ToUpperInvariant()} takes a subquery: {token.Text.ToUpperInvariant()}(SELECT …)", token.Position);
            }

            position++;
            return ParseSubquery(token.Is("EXISTS") ? SubqueryKind.Exists : SubqueryKind.Array, token.Position);
        }

        if (token.Is("udf") && Current.Is("."))
        {
            throw new QueryException("user-defined functions are not supported by this emulator", token.Position);
        }

        if (Current.Is("("))
        {
            return ParseCall(token);
        }

        if (Reserved.Contains(token.Text))
        {
            throw new QueryException($"unexpected keyword '{token.Text}'", token.Position);
        }

        return aliases.TryGetValue(token.Text, out var slot)
            ? new AliasExpression(token.Position, token.Text, slot)
            : throw new QueryException($"identifier '{token.Text}' could not be resolved", token.Position);
    }

    private Expression ParseCall(Token name)
    {
        Expect("(");
        var arguments = new List<Expression>();
        if (!Current.Is(")"))
        {
            do
            {
                arguments.Add(ParseExpression());
            }
            while (Accept(","));
        }

        Expect(")");
        var upper = name.Text.ToUpperInvariant();
        if (Evaluation.Aggregates.Names.Contains(upper))
        {
            if (arguments.Count != 1)
            {
                throw new QueryException($"the aggregate {upper} takes exactly one argument", name.Position);
            }

            if (arguments[0].HasAggregate)
            {
                throw new QueryException("aggregates cannot be nested", arguments[0].Position);
            }

            return new AggregateExpression(name.Position, upper, arguments[0]);
        }

        BuiltInFunctions.Validate(upper, arguments.Count, name.Position);
        return new FunctionExpression(name.Position, upper, arguments);
    }

    private int FindTopLevel(string keyword, int from)
    {
        var depth = 0;
        for (var i = from; i < end; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Symbol)
            {
                depth += token.Text is "(" or "[" or "{" ? 1 : token.Text is ")" or "]" or "}" ? -1 : 0;
            }
            else if (depth == 0 && token.Is(keyword))
            {
                return i;
            }
        }

        return -1;
    }

    private bool Accept(string text)
    {
        if (Current.Is(text))
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
            throw new QueryException($"'{text}' was expected, found '{Current.Text}'", Current.Position);
        }
    }

    private string ExpectIdentifier()
    {
        if (Current.Kind != TokenKind.Identifier || Reserved.Contains(Current.Text))
        {
            throw new QueryException($"an identifier was expected, found '{Current.Text}'", Current.Position);
        }

        return tokens[position++].Text;
    }

    private QueryException Unexpected() => new($"unexpected '{Current.Text}'", Current.Position);
}
