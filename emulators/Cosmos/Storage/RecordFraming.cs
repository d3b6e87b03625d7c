using System.Buffers.Binary;
using System.IO.Hashing;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>
/// Frames records as [length][CRC-32][payload] and reads them back up to the first frame that is incomplete or
/// fails its checksum — the torn tail a crash mid-write leaves behind.
/// </summary>
internal static class RecordFraming
{
    private const int HeaderSize = 8;
    private const int MaxPayload = 64 * 1024 * 1024;

    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderSize + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Crc32.HashToUInt32(payload));
        payload.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>Yields each intact payload; <paramref name="validLength"/> ends after the last intact frame.</summary>
    public static List<byte[]> ReadAll(Stream stream, out long validLength)
    {
        var payloads = new List<byte[]>();
        validLength = 0;
        var header = new byte[HeaderSize];
        while (true)
        {
            if (stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize)
            {
                return payloads;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            if (length < 0 || length > MaxPayload)
            {
                return payloads;
            }

            var payload = new byte[length];
            if (stream.ReadAtLeast(payload, length, throwOnEndOfStream: false) < length || Crc32.HashToUInt32(payload) != crc)
            {
                return payloads;
            }

            payloads.Add(payload);
            validLength += HeaderSize + length;
        }
    }
}
