namespace Pipeline.EventHubs.Authorization;

/// <summary>A token to put on the <c>$cbs</c> node: its text, its CBS type and when it expires.</summary>
internal sealed record CbsToken(string Token, string TokenType, DateTimeOffset ExpiresOn)
{
    public const string SharedAccessSignatureType = "servicebus.windows.net:sastoken";
    public const string JsonWebTokenType = "jwt";
}
