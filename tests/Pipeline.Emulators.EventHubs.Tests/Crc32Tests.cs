using System.Text;
using Pipeline.Emulators.EventHubs.Log;

namespace Pipeline.Emulators.EventHubs.Tests;

public class Crc32Tests
{
    [Fact]
    public void Record_checksum_is_the_ieee_crc32_that_segment_files_were_written_with()
    {
        // 0xCBF43926 is CRC-32/IEEE's published check value for "123456789"; segment files on disk depend on it.
        var data = Encoding.ASCII.GetBytes("123456789");

        Assert.Equal(0xCBF43926u, Crc32.Compute(data.AsSpan(0, 4), data.AsSpan(4)));
        Assert.Equal(0xCBF43926u, Crc32.Compute(data, []));
    }
}
