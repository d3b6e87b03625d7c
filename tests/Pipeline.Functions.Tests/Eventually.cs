namespace Pipeline.Functions.Tests;

/// <summary>Polls a condition with a bounded timeout: how tests wait for asynchronous effects without sleeping blindly.</summary>
internal static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException($"Timed out waiting for {what ?? "a condition"}; last value: {value}");
            }

            await Task.Delay(50);
        }
    }

    public static Task<T> ReturnsAsync<T>(Func<T> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null) =>
        ReturnsAsync(() => Task.FromResult(probe()), done, timeout, what);
}
