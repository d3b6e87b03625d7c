using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OpenTelemetry;

namespace Pipeline.Functions.Telemetry;

/// <summary>
/// Appends each finished span as one JSON object per line to a file (<c>Telemetry__SpanFile</c>): a dependency-free way
/// to read the app's traces on a laptop or in a test, next to the real exporters. Not meant for production volumes.
/// </summary>
internal sealed class JsonLinesSpanExporter(string path) : BaseExporter<Activity>
{
    private readonly Lock sync = new();

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var lines = new StringBuilder();
        foreach (var activity in batch)
        {
            lines.Append(ToJson(activity)).Append('\n');
        }

        try
        {
            lock (sync)
            {
                File.AppendAllText(path, lines.ToString());
            }

            return ExportResult.Success;
        }
        catch (IOException)
        {
            return ExportResult.Failure;
        }
        catch (UnauthorizedAccessException)
        {
            return ExportResult.Failure;
        }
    }

    private static string ToJson(Activity activity)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("traceId", activity.TraceId.ToHexString());
            json.WriteString("spanId", activity.SpanId.ToHexString());
            json.WriteString("parentSpanId", activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString());
            json.WriteString("name", activity.DisplayName);
            json.WriteString("kind", activity.Kind.ToString());
            json.WriteString("source", activity.Source.Name);
            json.WriteString("start", activity.StartTimeUtc);
            json.WriteNumber("durationMs", activity.Duration.TotalMilliseconds);
            json.WriteString("status", activity.Status.ToString());
            json.WriteStartObject("tags");
            foreach (var (key, value) in activity.TagObjects)
            {
                json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            }

            json.WriteEndObject();
            json.WriteStartArray("links");
            foreach (var link in activity.Links)
            {
                json.WriteStartObject();
                json.WriteString("traceId", link.Context.TraceId.ToHexString());
                json.WriteString("spanId", link.Context.SpanId.ToHexString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
