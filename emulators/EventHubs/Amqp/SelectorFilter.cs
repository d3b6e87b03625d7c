using System.Globalization;
using System.Text.RegularExpressions;
using Amqp;
using Amqp.Types;
using Pipeline.Emulators.EventHubs.Errors;
using Pipeline.Emulators.EventHubs.Log;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// Decodes the start position Event Hubs clients put in a receiver's source filter
/// (<c>apache.org:selector-filter:string</c>, e.g. <c>amqp.annotation.x-opt-offset &gt; '-1'</c>).
/// </summary>
internal static partial class SelectorFilter
{
    private static readonly Symbol FilterName = new("apache.org:selector-filter:string");
    private const ulong FilterCode = 0x0000468C00000004;

    /// <summary>The start position, or an AmqpException with Event Hubs' argument error when the filter is malformed.</summary>
    public static StartPosition Parse(Map? filterSet)
    {
        if (filterSet is null || filterSet.Count == 0)
        {
            return StartPosition.Earliest;
        }

        object? value = filterSet[FilterName];
        if (value is null)
        {
            foreach (var entry in filterSet.Values)
            {
                if (entry is DescribedValue { Descriptor: ulong code } && code == FilterCode)
                {
                    value = entry;
                }
            }
        }

        var expression = value is DescribedValue described ? described.Value as string : value as string;
        if (expression is null)
        {
            throw Invalid("The receiver's filter set has no 'apache.org:selector-filter:string' selector.");
        }

        var match = Expression().Match(expression);
        if (!match.Success)
        {
            throw Invalid($"The selector filter '{expression}' is not supported: expected amqp.annotation.<x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time> <op> '<value>'.");
        }

        var field = match.Groups["field"].Value.ToLowerInvariant();
        var inclusive = match.Groups["op"].Value == ">=";
        var text = match.Groups["value"].Value;
        switch (field)
        {
            case "x-opt-offset" when string.Equals(text, "@latest", StringComparison.OrdinalIgnoreCase):
                return StartPosition.Latest;
            case "x-opt-offset" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset) && offset >= -1:
                return new StartPosition.FromOffset(offset, inclusive);
            case "x-opt-sequence-number" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sequenceNumber) && sequenceNumber >= -1:
                return new StartPosition.FromSequenceNumber(sequenceNumber, inclusive);
            case "x-opt-enqueued-time" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milliseconds):
                var time = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(milliseconds, -62135596800000, 253402300799999));
                return new StartPosition.AfterEnqueuedTime(inclusive ? time.AddTicks(-1) : time);
            default:
                throw Invalid($"The value '{text}' in the selector filter '{expression}' is not valid for {field}.");
        }
    }

    private static AmqpException Invalid(string description) => new(EventHubsErrors.ArgumentError(description));

    [GeneratedRegex(@"^\s*amqp\.annotation\.(?<field>x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time)\s*(?<op>>=|>)\s*'(?<value>[^']*)'\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Expression();
}
