namespace Pipeline.Core.Events;

/// <summary>The members of a CloudEvent the parser treats specially; each is a bit so duplicates are caught with one mask.</summary>
[Flags]
internal enum KnownAttribute
{
    Extension = 0,
    SpecVersion = 1 << 0,
    Id = 1 << 1,
    Source = 1 << 2,
    Type = 1 << 3,
    Subject = 1 << 4,
    Time = 1 << 5,
    DataContentType = 1 << 6,
    DataSchema = 1 << 7,
    Data = 1 << 8,
    DataBase64 = 1 << 9,
}
