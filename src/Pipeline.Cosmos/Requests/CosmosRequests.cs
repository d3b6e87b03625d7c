using System.Net;
using Microsoft.Azure.Cosmos;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.Diagnostics;
using Pipeline.Cosmos.Errors;

namespace Pipeline.Cosmos.Requests;

/// <summary>
/// Sends one Cosmos DB stream request: records its charge, and retries 429s the SDK gave up on with bounded,
/// jittered exponential backoff (honouring the service's retry-after) before surfacing <see cref="EventStoreThrottledException"/>.
/// </summary>
internal sealed class CosmosRequests(CosmosStoreOptions options)
{
    public async Task<ResponseMessage> SendAsync(string operation, Func<CancellationToken, Task<ResponseMessage>> send, ChargeMeter meter, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send(cancellationToken).ConfigureAwait(false);
            var charge = response.Headers.RequestCharge;
            meter.Add(charge);
            StoreMetrics.RecordCharge(operation, charge);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            StoreMetrics.RecordThrottled(operation);
            var retryAfter = RetryAfter(response);
            var activityId = response.Headers.ActivityId;
            response.Dispose();
            if (attempt > options.MaxThrottleRetries)
            {
                throw new EventStoreThrottledException(operation, attempt, retryAfter, activityId);
            }

            await Task.Delay(Backoff(attempt, retryAfter), cancellationToken).ConfigureAwait(false);
        }
    }

    public static EventStoreException Unexpected(string what, ResponseMessage response) =>
        new($"{what} failed: Cosmos DB answered {(int)response.StatusCode} {response.StatusCode} (substatus {SubStatus(response)}). {response.ErrorMessage}",
            response.StatusCode, SubStatus(response), response.Headers.ActivityId);

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var exponential = options.ThrottleBackoff * Math.Pow(2, Math.Min(attempt - 1, 6));
        var floor = retryAfter is { } asked && asked > exponential ? asked : exponential;
        // Full jitter on top of the floor, so many throttled writers do not come back in lockstep.
        return floor + (options.ThrottleBackoff * Random.Shared.NextDouble());
    }

    private static TimeSpan? RetryAfter(ResponseMessage response) =>
        double.TryParse(response.Headers["x-ms-retry-after-ms"], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds)
            ? TimeSpan.FromMilliseconds(milliseconds)
            : null;

    private static int SubStatus(ResponseMessage response) =>
        int.TryParse(response.Headers["x-ms-substatus"], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
}
