using Pipeline.Emulators.Cosmos.Query.Evaluation;
using Pipeline.Emulators.Cosmos.Query.Values;

namespace Pipeline.Emulators.Cosmos.Query.Syntax;

/// <summary>A scalar expression of the query; each node knows how to evaluate itself against a <see cref="Scope"/>.</summary>
internal abstract record Expression(int Position)
{
    public abstract object? Evaluate(Scope scope);

    /// <summary>True when the expression contains an aggregate call (COUNT, SUM…) outside any nested query.</summary>
    public virtual bool HasAggregate => Children.Any(c => c.HasAggregate);

    public virtual IEnumerable<Expression> Children => [];
}

internal sealed record LiteralExpression(int Position, object? Value) : Expression(Position)
{
    public override object? Evaluate(Scope scope) => Value;
}

internal sealed record ParameterExpression(int Position, string Name) : Expression(Position)
{
    public override object? Evaluate(Scope scope) =>
        scope.Parameters.TryGetValue(Name, out var value)
            ? value
            : throw new QueryException($"the parameter '{Name}' is not defined in the request's parameters", Position);
}

/// <summary>A FROM or JOIN alias, resolved at parse time to its slot in the row.</summary>
internal sealed record AliasExpression(int Position, string Name, int Slot) : Expression(Position)
{
    public override object? Evaluate(Scope scope) => scope.Bindings[Slot];
}

internal sealed record PropertyExpression(int Position, Expression Target, string Name) : Expression(Position)
{
    public override IEnumerable<Expression> Children => [Target];

    public override object? Evaluate(Scope scope) =>
        Target.Evaluate(scope) is OrderedDictionary<string, object?> obj && obj.TryGetValue(Name, out var value) ? value : Undefined.Value;
}

internal sealed record IndexExpression(int Position, Expression Target, Expression Index) : Expression(Position)
{
    public override IEnumerable<Expression> Children => [Target, Index];

    public override object? Evaluate(Scope scope)
    {
        var target = Target.Evaluate(scope);
        return (target, Index.Evaluate(scope)) switch
        {
            (OrderedDictionary<string, object?> obj, string name) => obj.TryGetValue(name, out var value) ? value : Undefined.Value,
            (List<object?> list, double index) when index >= 0 && index < list.Count && index == Math.Floor(index) => list[(int)index],
            _ => Undefined.Value,
        };
    }
}

internal sealed record ObjectExpression(int Position, IReadOnlyList<(string Name, Expression Value)> Properties) : Expression(Position)
{
    public override IEnumerable<Expression> Children => Properties.Select(p => p.Value);

    public override object? Evaluate(Scope scope)
    {
        var obj = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in Properties)
        {
            var evaluated = value.Evaluate(scope);
            if (evaluated is not Undefined)
            {
                obj[name] = evaluated;
            }
        }

        return obj;
    }
}

internal sealed record ArrayExpression(int Position, IReadOnlyList<Expression> Elements) : Expression(Position)
{
    public override IEnumerable<Expression> Children => Elements;

    public override object? Evaluate(Scope scope) =>
        Elements.Select(e => e.Evaluate(scope)).Where(QueryValues.IsDefined).ToList();
}

internal sealed record UnaryExpression(int Position, string Operator, Expression Operand) : Expression(Position)
{
    public override IEnumerable<Expression> Children => [Operand];

    public override object? Evaluate(Scope scope) => (Operator, Operand.Evaluate(scope)) switch
    {
        ("NOT", bool b) => !b,
        ("-", double d) => -d,
        ("+", double d) => d,
        ("~", double d) => (double)~(long)d,
        _ => Undefined.Value,
    };
}

internal sealed record BinaryExpression(int Position, string Operator, Expression Left, Expression Right) : Expression(Position)
{
    public override IEnumerable<Expression> Children => [Left, Right];

    public override object? Evaluate(Scope scope)
    {
        var left = Left.Evaluate(scope);
        switch (Operator)
        {
            case "AND":
                if (left is false)
                {
                    return false;
                }

                var andRight = Right.Evaluate(scope);
                return andRight is false ? false : left is true && andRight is true ? true : Undefined.Value;
            case "OR":
                if (left is true)
                {
                    return true;
                }

                var orRight = Right.Evaluate(scope);
                return orRight is true ? true : left is false && orRight is false ? false : Undefined.Value;
        }

        return Operators.Apply(Operator, left, Right.Evaluate(scope));
    }
}

internal sealed record BetweenExpression(int Position, Expression Value, Expression Low, Expression High, bool Negated) : Expression(Position)
{
    public override IEnumerable<Expression> Children => [Value, Low, High];

    public override object? Evaluate(Scope scope)
    {
        var value = Value.Evaluate(scope);
        var low = QueryValues.Compare(value, Low.Evaluate(scope));
        var high = QueryValues.Compare(value, High.Evaluate(scope));
        if (low is null || high is null)
        {
            return Undefined.Value;
        }

        return (low >= 0 && high <= 0) != Negated;
    }
}

internal sealed record InExpression(int Position, Expression Value, IReadOnlyList<Expression> Candidates, bool Negated) : Expression(Position)
{
    public override IEnumerable<Expression> Children => Candidates.Prepend(Value);

    public override object? Evaluate(Scope scope)
    {
        var value = Value.Evaluate(scope);
        if (value is Undefined)
        {
            return Undefined.Value;
        }

        var found = Candidates.Any(c => QueryValues.Compare(value, c.Evaluate(scope)) == 0);
        return found != Negated;
    }
}

internal sealed record LikeExpression(int Position, Expression Value, Expression Pattern, Expression? Escape, bool Negated) : Expression(Position)
{
    public override IEnumerable<Expression> Children => Escape is null ? [Value, Pattern] : [Value, Pattern, Escape];

    public override object? Evaluate(Scope scope)
    {
        if (Value.Evaluate(scope) is not string value || Pattern.Evaluate(scope) is not string pattern)
        {
            return Undefined.Value;
        }

        char? escape = null;
        if (Escape is not null)
        {
            if (Escape.Evaluate(scope) is not string { Length: 1 } e)
            {
                throw new QueryException("the ESCAPE clause must be a single character", Escape.Position);
            }

            escape = e[0];
        }

        return LikePattern.Matches(value, pattern, escape) != Negated;
    }
}

internal sealed record ConditionalExpression(int Position, Expression Condition, Expression WhenTrue, Expression WhenFalse) : Expression(Position)
{
    public override IEnumerable<Expression> Children => [Condition, WhenTrue, WhenFalse];

    public override object? Evaluate(Scope scope) =>
        Condition.Evaluate(scope) is true ? WhenTrue.Evaluate(scope) : WhenFalse.Evaluate(scope);
}

internal sealed record CoalesceExpression(int Position, Expression Left, Expression Right) : Expression(Position)
{
    public override IEnumerable<Expression> Children => [Left, Right];

    public override object? Evaluate(Scope scope)
    {
        var left = Left.Evaluate(scope);
        return left is Undefined ? Right.Evaluate(scope) : left;
    }
}

internal sealed record FunctionExpression(int Position, string Name, IReadOnlyList<Expression> Arguments) : Expression(Position)
{
    public override IEnumerable<Expression> Children => Arguments;

    public override object? Evaluate(Scope scope) =>
        BuiltInFunctions.Invoke(Name, Arguments.Select(a => a.Evaluate(scope)).ToArray(), Position);
}

/// <summary>COUNT, SUM, MIN, MAX or AVG folded over the rows of the current group (the whole result without GROUP BY).</summary>
internal sealed record AggregateExpression(int Position, string Name, Expression Argument) : Expression(Position)
{
    public override IEnumerable<Expression> Children => [Argument];

    public override bool HasAggregate => true;

    public override object? Evaluate(Scope scope)
    {
        var rows = scope.Group ?? throw new QueryException($"the aggregate {Name} is not allowed here", Position);
        return Aggregates.Fold(Name, rows.Select(r => Argument.Evaluate(scope.ForRow(r))));
    }
}

internal enum SubqueryKind
{
    /// <summary>`(SELECT …)`: the first result, undefined when there is none.</summary>
    Scalar,

    /// <summary>`EXISTS(SELECT …)`: whether there is any result.</summary>
    Exists,

    /// <summary>`ARRAY(SELECT …)`: every result as an array.</summary>
    Array,
}

/// <summary>A correlated subquery: it ranges over values of the outer row (`FROM t IN c.tags`) and runs once per row.</summary>
internal sealed record SubqueryExpression(int Position, SubqueryKind Kind, SelectQuery Query) : Expression(Position)
{
    // Aggregates inside the subquery fold its own rows, never the outer query's.
    public override bool HasAggregate => false;

    public override IEnumerable<Expression> Children =>
        Query.Projections.Select(p => p.Value)
            .Concat(Query.From.Select(f => f.Source).OfType<Expression>())
            .Concat(Query.GroupBy)
            .Concat(Query.OrderBy.Select(o => o.Value))
            .Concat(new[] { Query.Value, Query.Where, Query.Top, Query.Offset, Query.Limit }.OfType<Expression>());

    public override object? Evaluate(Scope scope)
    {
        var results = new Execution.QueryExecutor(Query, scope.Parameters).RunCorrelated(scope.Bindings);
        return Kind switch
        {
            SubqueryKind.Exists => results.Count > 0,
            SubqueryKind.Array => results,
            _ => results.Count > 0 ? results[0] : Undefined.Value,
        };
    }
}
