using Microsoft.Extensions.Logging;
using Pipeline.Emulators.FunctionsHost.Configuration;
using Pipeline.Emulators.FunctionsHost.Invocation;

namespace Pipeline.Emulators.FunctionsHost.EventHubs;

/// <summary>
/// Runs one Event Hubs-triggered function: balances partition ownership with the other hosts
/// through the ownership blobs (claim unowned or expired partitions, move toward an even share,
/// renew on every cycle) and runs a <see cref="PartitionPump"/> for each partition it owns.
/// </summary>
internal sealed class EventHubTriggerListener : IAsyncDisposable
{
    private readonly FunctionDefinition _function;
    private readonly IEventHubsSource _source;
    private readonly BlobCheckpointStore _store;
    private readonly EventHubsTriggerOptions _options;
    private readonly Func<PartitionPump> _createPump;
    private readonly string _ownerId;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, OwnedPartition> _owned = new(StringComparer.Ordinal);
    private Task? _loop;

    public EventHubTriggerListener(
        FunctionDefinition function,
        HostConfiguration host,
        IEventHubsSource source,
        BlobCheckpointStore store,
        HandlerInvoker invoker,
        EventHubsTriggerOptions options,
        string ownerId,
        ILogger logger)
    {
        _function = function;
        _source = source;
        _store = store;
        _options = options;
        _ownerId = ownerId;
        _logger = logger;
        var retry = function.Retry ?? host.Retry;
        _createPump = () => new PartitionPump(function, host.EventHubs, retry, source, store, invoker, ownerId, logger);
    }

    /// <summary>The partitions this host owns right now.</summary>
    public IReadOnlyCollection<string> OwnedPartitions
    {
        get
        {
            lock (_owned)
            {
                return _owned.Keys.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    public void Start() => _loop = BalanceLoopAsync(_stopping.Token);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        List<OwnedPartition> owned;
        lock (_owned)
        {
            owned = [.. _owned.Values];
            _owned.Clear();
        }

        foreach (var partition in owned)
        {
            await partition.StopAsync().ConfigureAwait(false);
        }

        // Relinquish on a clean stop so another host takes over without waiting for expiry, as the processor does.
        // Best effort and bounded: on Ctrl+C the storage emulator may already be gone, and an unreleased claim only
        // expires instead of being handed over.
        using var releasing = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        foreach (var partition in owned)
        {
            try
            {
                await _store.ClaimOwnershipAsync(partition.Id, string.Empty, partition.Version, releasing.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException or OperationCanceledException)
            {
                _logger.LogWarning("Could not release partition {Partition}; its claim will expire instead: {Reason}", partition.Id, e.Message);
            }
        }

        await _source.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task BalanceLoopAsync(CancellationToken stopping)
    {
        IReadOnlyList<string>? partitionIds = null;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                partitionIds ??= await _source.GetPartitionIdsAsync(stopping).ConfigureAwait(false);
                if (await BalanceOnceAsync(partitionIds, stopping).ConfigureAwait(false))
                {
                    // Not balanced yet: claim the next partition now rather than one per interval, as the Event Hubs
                    // processor's greedy strategy does; a host reaches its share in seconds and the interval only
                    // paces renewals once it holds it.
                    continue;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or IOException or TimeoutException or InvalidOperationException)
            {
                _logger.LogWarning("Function '{Function}': load balancing failed, retrying next cycle: {Reason}", _function.Name, e.Message);
            }

            try
            {
                await Task.Delay(_options.LoadBalancingUpdateInterval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Renews what this host owns and claims at most one partition; true when it claimed one (the share may not be reached yet).</summary>
    private async Task<bool> BalanceOnceAsync(IReadOnlyList<string> partitionIds, CancellationToken stopping)
    {
        var now = DateTimeOffset.UtcNow;
        var all = (await _store.ListOwnershipAsync(stopping).ConfigureAwait(false)).ToDictionary(o => o.PartitionId, StringComparer.Ordinal);
        bool IsActive(PartitionOwnership o) => o.OwnerId.Length > 0 && now - o.LastModified < _options.PartitionOwnershipExpirationInterval;

        // Renew what we hold; a failed renewal means someone else took it: stop that pump without checkpointing.
        foreach (var id in OwnedPartitions)
        {
            OwnedPartition mine;
            lock (_owned)
            {
                mine = _owned[id];
            }

            all.TryGetValue(id, out var recorded);
            var renewed = recorded is not null && recorded.OwnerId == _ownerId
                ? await _store.ClaimOwnershipAsync(id, _ownerId, recorded.Version, stopping).ConfigureAwait(false)
                : null;
            if (renewed is null)
            {
                _logger.LogInformation("Function '{Function}' lost partition {Partition}", _function.Name, id);
                lock (_owned)
                {
                    _owned.Remove(id);
                }

                await mine.StopAsync().ConfigureAwait(false);
                all.Remove(id);
                continue;
            }

            mine.Version = renewed.Version;
            all[id] = renewed;
        }

        // Restart pumps that ended on their own (e.g. the reader failed), keeping the ownership.
        foreach (var id in OwnedPartitions)
        {
            lock (_owned)
            {
                if (_owned[id].Pump.IsCompleted)
                {
                    _owned[id] = _owned[id].Restart(StartPump);
                }
            }
        }

        var active = all.Values.Where(IsActive).ToList();
        var owners = active.Select(o => o.OwnerId).Append(_ownerId).Distinct(StringComparer.Ordinal).ToList();
        var minimum = partitionIds.Count / owners.Count;
        var withExtra = partitionIds.Count % owners.Count;
        var mineCount = active.Count(o => o.OwnerId == _ownerId);
        var counts = active.GroupBy(o => o.OwnerId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ownersAtMaximum = counts.Count(c => c.Key != _ownerId && c.Value > minimum);

        // Balanced share: everyone gets the minimum, and `withExtra` owners get one more.
        var shouldClaim = mineCount < minimum || (mineCount == minimum && ownersAtMaximum < withExtra);
        if (!shouldClaim)
        {
            return false;
        }

        var free = partitionIds.Where(id => !all.TryGetValue(id, out var o) || !IsActive(o)).ToList();
        string? target = free.Count > 0 ? free[Random.Shared.Next(free.Count)] : null;
        if (target is null && mineCount < minimum)
        {
            // Steal from the owner with the most partitions above the fair share.
            var richest = counts.Where(c => c.Key != _ownerId && c.Value > minimum).OrderByDescending(c => c.Value).FirstOrDefault();
            if (richest.Key is not null && (richest.Value > minimum + 1 || counts.Count(c => c.Key != _ownerId && c.Value > minimum) > withExtra))
            {
                var candidates = active.Where(o => o.OwnerId == richest.Key).ToList();
                target = candidates[Random.Shared.Next(candidates.Count)].PartitionId;
            }
        }

        if (target is null)
        {
            return false;
        }

        all.TryGetValue(target, out var existing);
        var claimed = await _store.ClaimOwnershipAsync(target, _ownerId, existing?.Version, stopping).ConfigureAwait(false);
        if (claimed is null)
        {
            return false;
        }

        _logger.LogInformation("Function '{Function}' claimed partition {Partition}", _function.Name, target);
        lock (_owned)
        {
            var lost = new CancellationTokenSource();
            _owned[target] = new OwnedPartition(target, claimed.Version, lost, StartPump(target, lost.Token));
        }

        return true;
    }

    private Task StartPump(string partitionId, CancellationToken ownershipLost) => Task.Run(async () =>
    {
        try
        {
            await _createPump().RunAsync(partitionId, _stopping.Token, ownershipLost).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Host stopping or partition lost: the pump ends without a checkpoint, by design.
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or IOException or InvalidOperationException or TimeoutException)
        {
            _logger.LogError("Function '{Function}': partition {Partition} stopped: {Reason}; it restarts on the next balancing cycle", _function.Name, partitionId, e.Message);
        }
    });

    private sealed class OwnedPartition(string id, string? version, CancellationTokenSource lost, Task pump)
    {
        public string Id { get; } = id;

        public string? Version { get; set; } = version;

        public Task Pump { get; } = pump;

        public OwnedPartition Restart(Func<string, CancellationToken, Task> start)
        {
            lost.Dispose();
            var fresh = new CancellationTokenSource();
            return new OwnedPartition(Id, Version, fresh, start(Id, fresh.Token));
        }

        public async Task StopAsync()
        {
            await lost.CancelAsync().ConfigureAwait(false);
            await Pump.ConfigureAwait(false);
            lost.Dispose();
        }
    }
}
