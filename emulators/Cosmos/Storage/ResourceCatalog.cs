using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>
/// Databases, containers and offers. Metadata changes are rare, so each one rewrites `metadata.json` through a
/// temporary file and an atomic rename; items live in per-container journals.
/// </summary>
internal sealed class ResourceCatalog : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, DatabaseEntry> databases = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, OfferEntry> offers = [];
    private readonly string? dataDirectory;
    private readonly Func<uint, uint, IItemJournal> journals;
    private uint nextDatabase = 1;
    private uint nextCollection = 1;
    private uint nextOffer = 1;

    public ResourceCatalog(string? dataDirectory, long snapshotThresholdBytes, bool flushToDisk)
    {
        this.dataDirectory = dataDirectory;
        journals = dataDirectory is null
            ? (_, _) => new MemoryJournal()
            : (db, coll) => new FileJournal(Path.Combine(dataDirectory, "containers", $"{db:x8}{coll:x8}"), snapshotThresholdBytes, flushToDisk);
        if (dataDirectory is not null)
        {
            Directory.CreateDirectory(dataDirectory);
            Load();
        }
    }

    private string? MetadataPath => dataDirectory is null ? null : Path.Combine(dataDirectory, "metadata.json");

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string NewETag() => "\"" + Guid.NewGuid().ToString() + "\"";

    public IReadOnlyList<DatabaseEntry> Databases()
    {
        lock (gate)
        {
            return [.. databases.Values.OrderBy(d => d.Number)];
        }
    }

    public IReadOnlyList<ContainerEntry> AllContainers()
    {
        lock (gate)
        {
            return [.. databases.Values.SelectMany(d => d.Containers.Values)];
        }
    }

    public DatabaseEntry Database(string idOrRid)
    {
        lock (gate)
        {
            return FindDatabase(idOrRid) ?? throw Fail.ResourceNotFound();
        }
    }

    public DatabaseEntry CreateDatabase(string id, int? throughput, int? autoscaleMax)
    {
        ResourceNames.Validate(id);
        lock (gate)
        {
            if (databases.ContainsKey(id))
            {
                throw Fail.Conflict();
            }

            var database = new DatabaseEntry { Id = id, Number = nextDatabase++, Timestamp = Now(), ETag = NewETag() };
            databases[id] = database;
            if (throughput is not null || autoscaleMax is not null)
            {
                AddOffer(database.Rid, database.Self, throughput, autoscaleMax);
            }

            Save();
            return database;
        }
    }

    public void DeleteDatabase(string idOrRid)
    {
        lock (gate)
        {
            var database = FindDatabase(idOrRid) ?? throw Fail.ResourceNotFound();
            foreach (var container in database.Containers.Values)
            {
                RemoveOffer(container.Rid);
                container.Items.Destroy();
            }

            RemoveOffer(database.Rid);
            databases.Remove(database.Id);
            Save();
        }
    }

    public IReadOnlyList<ContainerEntry> Containers(string databaseIdOrRid)
    {
        lock (gate)
        {
            var database = FindDatabase(databaseIdOrRid) ?? throw Fail.ResourceNotFound();
            return [.. database.Containers.Values.OrderBy(c => c.Number)];
        }
    }

    public ContainerEntry Container(string databaseIdOrRid, string containerIdOrRid, int subStatusWhenMissing = 0)
    {
        lock (gate)
        {
            var database = FindDatabase(databaseIdOrRid) ?? throw Fail.ResourceNotFound(subStatusWhenMissing);
            return FindContainer(database, containerIdOrRid) ?? throw Fail.ResourceNotFound(subStatusWhenMissing);
        }
    }

    public ContainerEntry CreateContainer(string databaseIdOrRid, JsonObject properties, int? throughput, int? autoscaleMax)
    {
        var id = properties["id"]?.GetValue<string>() ?? throw Fail.MissingId();
        ResourceNames.Validate(id);
        var settings = ContainerSettings.From(properties);
        lock (gate)
        {
            var database = FindDatabase(databaseIdOrRid) ?? throw Fail.ResourceNotFound();
            if (database.Containers.ContainsKey(id))
            {
                throw Fail.Conflict();
            }

            var number = (nextCollection++ << 8) | 0x80;
            var container = new ContainerEntry
            {
                Id = id,
                Number = number,
                Database = database,
                Properties = properties,
                Timestamp = Now(),
                ETag = NewETag(),
                Items = new ContainerStore(database.Number, number, settings, journals(database.Number, number)),
            };
            database.Containers[id] = container;
            if (throughput is not null || autoscaleMax is not null)
            {
                AddOffer(container.Rid, container.Self, throughput, autoscaleMax);
            }

            Save();
            return container;
        }
    }

    public ContainerEntry ReplaceContainer(string databaseIdOrRid, string containerIdOrRid, JsonObject properties, string? ifMatch)
    {
        lock (gate)
        {
            var container = Container(databaseIdOrRid, containerIdOrRid);
            if (ifMatch is not null && ifMatch != "*" && ifMatch != container.ETag)
            {
                throw Fail.PreconditionFailed();
            }

            if (properties["id"]?.GetValue<string>() != container.Id)
            {
                throw Fail.BadRequest("The id of a container cannot be changed by a replace.");
            }

            if (!JsonNode.DeepEquals(properties["partitionKey"]?["paths"], container.Properties["partitionKey"]?["paths"]))
            {
                throw Fail.BadRequest("Partition key paths of a container cannot be changed.");
            }

            if (!JsonNode.DeepEquals(properties["uniqueKeyPolicy"]?["uniqueKeys"] ?? new JsonArray(), container.Properties["uniqueKeyPolicy"]?["uniqueKeys"] ?? new JsonArray()))
            {
                throw Fail.BadRequest("The unique key policy of a container cannot be changed.");
            }

            var settings = ContainerSettings.From(properties);
            container.Properties = properties;
            container.Timestamp = Now();
            container.ETag = NewETag();
            container.Items.Reconfigure(settings);
            Save();
            return container;
        }
    }

    public void DeleteContainer(string databaseIdOrRid, string containerIdOrRid)
    {
        lock (gate)
        {
            var container = Container(databaseIdOrRid, containerIdOrRid);
            container.Database.Containers.Remove(container.Id);
            RemoveOffer(container.Rid);
            container.Items.Destroy();
            Save();
        }
    }

    public IReadOnlyList<OfferEntry> Offers()
    {
        lock (gate)
        {
            return [.. offers.Values.OrderBy(o => o.Number)];
        }
    }

    public OfferEntry Offer(string rid)
    {
        lock (gate)
        {
            return offers.Values.FirstOrDefault(o => o.Rid == rid) ?? throw Fail.ResourceNotFound();
        }
    }

    /// <summary>The offer that governs a container: its own, or its database's shared throughput.</summary>
    public OfferEntry? OfferGoverning(ContainerEntry container)
    {
        lock (gate)
        {
            return offers.Values.FirstOrDefault(o => o.ResourceRid == container.Rid)
                ?? offers.Values.FirstOrDefault(o => o.ResourceRid == container.Database.Rid);
        }
    }

    public OfferEntry ReplaceOffer(string rid, int? throughput, int? autoscaleMax, string? ifMatch)
    {
        lock (gate)
        {
            var offer = offers.Values.FirstOrDefault(o => o.Rid == rid) ?? throw Fail.ResourceNotFound();
            if (ifMatch is not null && ifMatch != "*" && ifMatch != offer.ETag)
            {
                throw Fail.PreconditionFailed();
            }

            ValidateThroughput(throughput, autoscaleMax);
            if (autoscaleMax is not null)
            {
                offer.AutoscaleMaxThroughput = autoscaleMax;
                offer.Throughput = autoscaleMax.Value / 10;
            }
            else if (throughput is not null)
            {
                offer.Throughput = throughput.Value;
                offer.AutoscaleMaxThroughput = null;
            }

            offer.Timestamp = Now();
            offer.ETag = NewETag();
            Save();
            return offer;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var container in databases.Values.SelectMany(d => d.Containers.Values))
            {
                container.Items.Dispose();
            }
        }
    }

    private static void ValidateThroughput(int? throughput, int? autoscaleMax)
    {
        if (throughput is { } t && (t < 400 || t > 1_000_000 || t % 100 != 0))
        {
            throw Fail.BadRequest($"The value of offer throughput specified is invalid. Please enter valid throughput between 400 and 1000000 in increments of 100. Requested throughput: {t}");
        }

        if (autoscaleMax is { } m && (m < 1000 || m % 1000 != 0))
        {
            throw Fail.BadRequest($"The autoscale max throughput must be at least 1000 and a multiple of 1000. Requested: {m}");
        }
    }

    private void AddOffer(string resourceRid, string resourceSelf, int? throughput, int? autoscaleMax)
    {
        ValidateThroughput(throughput, autoscaleMax);
        var offer = new OfferEntry
        {
            Number = nextOffer++,
            ResourceRid = resourceRid,
            ResourceSelf = resourceSelf,
            Throughput = autoscaleMax is { } max ? max / 10 : throughput ?? 400,
            AutoscaleMaxThroughput = autoscaleMax,
            Timestamp = Now(),
            ETag = NewETag(),
        };
        offers[offer.Number] = offer;
    }

    private void RemoveOffer(string resourceRid)
    {
        foreach (var offer in offers.Values.Where(o => o.ResourceRid == resourceRid).ToList())
        {
            offers.Remove(offer.Number);
        }
    }

    private DatabaseEntry? FindDatabase(string idOrRid) =>
        databases.GetValueOrDefault(idOrRid) ?? databases.Values.FirstOrDefault(d => d.Rid == idOrRid);

    private static ContainerEntry? FindContainer(DatabaseEntry database, string idOrRid) =>
        database.Containers.GetValueOrDefault(idOrRid) ?? database.Containers.Values.FirstOrDefault(c => c.Rid == idOrRid);

    private void Save()
    {
        if (MetadataPath is not { } path)
        {
            return;
        }

        var root = new JsonObject
        {
            ["nextDatabase"] = nextDatabase,
            ["nextCollection"] = nextCollection,
            ["nextOffer"] = nextOffer,
            ["databases"] = new JsonArray([.. databases.Values.Select(d => (JsonNode)new JsonObject
            {
                ["id"] = d.Id,
                ["number"] = d.Number,
                ["ts"] = d.Timestamp,
                ["etag"] = d.ETag,
                ["containers"] = new JsonArray([.. d.Containers.Values.Select(c => (JsonNode)new JsonObject
                {
                    ["number"] = c.Number,
                    ["ts"] = c.Timestamp,
                    ["etag"] = c.ETag,
                    ["properties"] = c.Properties.DeepClone(),
                })]),
            })]),
            ["offers"] = new JsonArray([.. offers.Values.Select(o => (JsonNode)new JsonObject
            {
                ["number"] = o.Number,
                ["resourceRid"] = o.ResourceRid,
                ["resourceSelf"] = o.ResourceSelf,
                ["throughput"] = o.Throughput,
                ["autoscaleMax"] = o.AutoscaleMaxThroughput,
                ["ts"] = o.Timestamp,
                ["etag"] = o.ETag,
            })]),
        };
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, root);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private void Load()
    {
        if (MetadataPath is not { } path || !File.Exists(path))
        {
            return;
        }

        var root = JsonNode.Parse(File.ReadAllBytes(path))?.AsObject()
            ?? throw new InvalidDataException($"{path} is empty.");
        nextDatabase = root["nextDatabase"]!.GetValue<uint>();
        nextCollection = root["nextCollection"]!.GetValue<uint>();
        nextOffer = root["nextOffer"]!.GetValue<uint>();
        foreach (var d in root["databases"]!.AsArray())
        {
            var database = new DatabaseEntry
            {
                Id = d!["id"]!.GetValue<string>(),
                Number = d["number"]!.GetValue<uint>(),
                Timestamp = d["ts"]!.GetValue<long>(),
                ETag = d["etag"]!.GetValue<string>(),
            };
            databases[database.Id] = database;
            foreach (var c in d["containers"]!.AsArray())
            {
                var properties = c!["properties"]!.AsObject().DeepClone().AsObject();
                var number = c["number"]!.GetValue<uint>();
                var container = new ContainerEntry
                {
                    Id = properties["id"]!.GetValue<string>(),
                    Number = number,
                    Database = database,
                    Properties = properties,
                    Timestamp = c["ts"]!.GetValue<long>(),
                    ETag = c["etag"]!.GetValue<string>(),
                    Items = new ContainerStore(database.Number, number, ContainerSettings.From(properties), journals(database.Number, number)),
                };
                database.Containers[container.Id] = container;
            }
        }

        foreach (var o in root["offers"]!.AsArray())
        {
            var offer = new OfferEntry
            {
                Number = o!["number"]!.GetValue<uint>(),
                ResourceRid = o["resourceRid"]!.GetValue<string>(),
                ResourceSelf = o["resourceSelf"]!.GetValue<string>(),
                Throughput = o["throughput"]!.GetValue<int>(),
                AutoscaleMaxThroughput = o["autoscaleMax"]?.GetValue<int>(),
                Timestamp = o["ts"]!.GetValue<long>(),
                ETag = o["etag"]!.GetValue<string>(),
            };
            offers[offer.Number] = offer;
        }
    }
}
