using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Pipeline.Emulators.EventHubs.Log;

namespace Pipeline.Emulators.EventHubs.Entities;

/// <summary>The outcome of a management change, so callers can answer with the right status.</summary>
internal enum EntityChange
{
    Created,
    Unchanged,
    Conflict,
    NotFound,
    Invalid,
}

/// <summary>
/// The emulated namespace: the event hubs that exist right now. Definitions created at run time are saved
/// next to the partition logs so that a restarted emulator has the same hubs as before.
/// </summary>
internal sealed class EventHubsNamespace : IDisposable
{
    private const string CatalogFile = "entities.json";

    private readonly ConcurrentDictionary<string, EventHub> hubs = new(StringComparer.OrdinalIgnoreCase);
    private readonly object catalogGate = new();
    private readonly string? dataDirectory;
    private readonly long segmentBytes;

    public EventHubsNamespace(string name, string? dataDirectory, long segmentBytes)
    {
        Name = name;
        this.dataDirectory = dataDirectory;
        this.segmentBytes = segmentBytes;
        if (dataDirectory is not null)
        {
            Directory.CreateDirectory(dataDirectory);
            foreach (var saved in LoadCatalog())
            {
                Open(saved.Definition, saved.CreatedAt);
            }
        }
    }

    public string Name { get; }

    public IEnumerable<EventHub> Hubs => hubs.Values.OrderBy(h => h.Name, StringComparer.Ordinal);

    public EventHub? Find(string name) => hubs.GetValueOrDefault(name);

    /// <summary>Creates a hub, or adds missing consumer groups to an existing one with the same partition count.</summary>
    public (EntityChange Change, string? Problem) Ensure(EventHubDefinition definition)
    {
        if (EntityNames.Validate(definition) is { } problem)
        {
            return (EntityChange.Invalid, problem);
        }

        EntityChange change;
        lock (catalogGate)
        {
            if (hubs.TryGetValue(definition.Name, out var existing))
            {
                if (existing.Partitions.Count != definition.PartitionCount)
                {
                    return (EntityChange.Conflict,
                        $"Event hub '{existing.Name}' already exists with {existing.Partitions.Count} partitions; the partition count of a hub cannot change.");
                }

                change = EntityChange.Unchanged;
                foreach (var group in definition.ConsumerGroups)
                {
                    if (existing.AddConsumerGroup(group, DateTimeOffset.UtcNow))
                    {
                        change = EntityChange.Created;
                    }
                }
            }
            else
            {
                var hub = Open(definition, DateTimeOffset.UtcNow);
                foreach (var group in definition.ConsumerGroups)
                {
                    hub.AddConsumerGroup(group, hub.CreatedAt);
                }

                change = EntityChange.Created;
            }

            SaveCatalog();
        }

        return (change, null);
    }

    public EntityChange AddConsumerGroup(string hubName, string group)
    {
        if (!EntityNames.IsValidConsumerGroupName(group))
        {
            return EntityChange.Invalid;
        }

        lock (catalogGate)
        {
            if (!hubs.TryGetValue(hubName, out var hub))
            {
                return EntityChange.NotFound;
            }

            var added = hub.AddConsumerGroup(group, DateTimeOffset.UtcNow);
            SaveCatalog();
            return added ? EntityChange.Created : EntityChange.Unchanged;
        }
    }

    public EntityChange RemoveConsumerGroup(string hubName, string group)
    {
        if (string.Equals(group, EntityNames.DefaultConsumerGroup, StringComparison.OrdinalIgnoreCase))
        {
            return EntityChange.Invalid;
        }

        lock (catalogGate)
        {
            if (!hubs.TryGetValue(hubName, out var hub) || !hub.RemoveConsumerGroup(group))
            {
                return EntityChange.NotFound;
            }

            SaveCatalog();
            return EntityChange.Created;
        }
    }

    public bool Delete(string hubName)
    {
        lock (catalogGate)
        {
            if (!hubs.TryRemove(hubName, out var hub))
            {
                return false;
            }

            hub.DisconnectReceivers(Errors.EventHubsErrors.EntityDeleted(hub.Name));
            foreach (var partition in hub.Partitions)
            {
                partition.Destroy();
            }

            SaveCatalog();
            return true;
        }
    }

    public void ApplyRetention(TimeSpan maxAge, long maxBytesPerPartition)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var hub in hubs.Values)
        {
            foreach (var partition in hub.Partitions)
            {
                partition.ApplyRetention(now, maxAge, maxBytesPerPartition);
            }
        }
    }

    public void Dispose()
    {
        foreach (var hub in hubs.Values)
        {
            hub.Dispose();
        }
    }

    private EventHub Open(EventHubDefinition definition, DateTimeOffset createdAt)
    {
        var partitions = new PartitionLog[definition.PartitionCount];
        for (var i = 0; i < partitions.Length; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            IPartitionStore store = dataDirectory is null
                ? new MemoryPartitionStore()
                : new SegmentStore(Path.Combine(dataDirectory, "hubs", definition.Name.ToLowerInvariant(), id), segmentBytes);
            partitions[i] = new PartitionLog(id, store);
        }

        var hub = new EventHub(definition.Name, createdAt, partitions);
        foreach (var group in definition.ConsumerGroups)
        {
            hub.AddConsumerGroup(group, createdAt);
        }

        hubs[definition.Name] = hub;
        return hub;
    }

    private List<SavedHub> LoadCatalog()
    {
        var path = Path.Combine(dataDirectory!, CatalogFile);
        if (!File.Exists(path))
        {
            return [];
        }

        var saved = JsonSerializer.Deserialize<List<SavedHubJson>>(File.ReadAllText(path)) ?? [];
        return [.. saved.Select(s => new SavedHub(new EventHubDefinition(s.Name, s.PartitionCount, s.ConsumerGroups), s.CreatedAt))];
    }

    private void SaveCatalog()
    {
        if (dataDirectory is null)
        {
            return;
        }

        var saved = hubs.Values.OrderBy(h => h.Name, StringComparer.Ordinal).Select(h => new SavedHubJson
        {
            Name = h.Name,
            PartitionCount = h.Partitions.Count,
            CreatedAt = h.CreatedAt,
            ConsumerGroups = [.. h.ConsumerGroups.Select(g => g.Name).Where(g => g != EntityNames.DefaultConsumerGroup)],
        }).ToList();

        // Write then rename, so a crash never leaves a half-written catalog behind.
        var path = Path.Combine(dataDirectory, CatalogFile);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(saved));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private sealed record SavedHub(EventHubDefinition Definition, DateTimeOffset CreatedAt);

    private sealed class SavedHubJson
    {
        public string Name { get; set; } = "";

        public int PartitionCount { get; set; }

        public DateTimeOffset CreatedAt { get; set; }

        public List<string> ConsumerGroups { get; set; } = [];
    }
}
