using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.FunctionsHost.Configuration;

namespace Pipeline.Emulators.FunctionsHost.Http;

/// <summary>
/// The host's keys: a master key (admin level) and a default function key, generated on first
/// start and kept in <c>host.json</c> under the keys directory, so they survive restarts.
/// </summary>
public sealed class FunctionKeys
{
    private const string FileName = "host.json";

    private FunctionKeys(string masterKey, string defaultFunctionKey, string path)
    {
        MasterKey = masterKey;
        DefaultFunctionKey = defaultFunctionKey;
        FilePath = path;
    }

    public string MasterKey { get; }

    /// <summary>The host-level function key named <c>default</c>.</summary>
    public string DefaultFunctionKey { get; }

    /// <summary>Where the keys are stored.</summary>
    public string FilePath { get; }

    /// <summary>Reads the keys from <paramref name="directory"/>, creating them the first time.</summary>
    public static FunctionKeys LoadOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            var root = ConfigurationElement.Parse(path, File.ReadAllText(path));
            var master = root.Property("masterKey")?.GetString();
            var function = root.Property("functionKeys")?.Property("default")?.GetString();
            if (string.IsNullOrEmpty(master) || string.IsNullOrEmpty(function))
            {
                throw root.Error("must hold masterKey and functionKeys.default; delete the file to generate new keys");
            }

            return new FunctionKeys(master, function, path);
        }

        var keys = new FunctionKeys(NewKey(), NewKey(), path);
        var document = new JsonObject
        {
            ["masterKey"] = keys.MasterKey,
            ["functionKeys"] = new JsonObject { ["default"] = keys.DefaultFunctionKey },
        };
        File.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return keys;
    }

    /// <summary>The level a presented key grants (null: no valid key), and the key's name for the caller's identity.</summary>
    internal (AuthorizationLevel Level, string KeyName)? Authenticate(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        if (FixedTimeEquals(presented, MasterKey))
        {
            return (AuthorizationLevel.Admin, "master");
        }

        return FixedTimeEquals(presented, DefaultFunctionKey) ? (AuthorizationLevel.Function, "default") : null;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

    // The shape of Azure's generated keys: 40 random bytes, URL-safe base64.
    private static string NewKey() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(40)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
}
