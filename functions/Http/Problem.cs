namespace Pipeline.Functions.Http;

/// <summary>Builds RFC 9457 problem details responses, so every error the app returns has the same shape.</summary>
internal static class Problem
{
    public static IResult Of(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
}
