using Fulcrum.Linux.Nftables;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// Element changes of one translation, merged per set: one delete and one add command per set
/// (each split into messages of under 64 KiB) instead of one message per service, which keeps a
/// cold apply of 10,000 services at a few hundred messages.
/// </summary>
internal sealed class KernelElementBuffer
{
    private readonly Dictionary<string, List<NftSetElement>> _deletes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NftSetElement>> _adds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NftSetElement>> _destroys = new(StringComparer.Ordinal);

    public void Delete(string set, NftSetElement element) => Get(_deletes, set).Add(element);

    public void Add(string set, NftSetElement element) => Get(_adds, set).Add(element);

    /// <summary>Deletes that tolerate a missing element (dynamic sets the packet path fills); a map's element with its data.</summary>
    public void Destroy(string set, NftSetElement element) => Get(_destroys, set).Add(element);

    public void WriteDeletes(NftBatch batch) => Write(_deletes, (set, elements) => batch.DeleteElements(NftLayout.Family, NftLayout.Table, set, elements));

    public void WriteAdds(NftBatch batch) => Write(_adds, (set, elements) => batch.AddElements(NftLayout.Family, NftLayout.Table, set, elements));

    public void WriteDestroys(NftBatch batch, NftKernelFeatures features) =>
        Write(_destroys, (set, elements) => batch.DestroyElements(NftLayout.Family, NftLayout.Table, set, elements, features));

    private static List<NftSetElement> Get(Dictionary<string, List<NftSetElement>> changes, string set)
    {
        if (!changes.TryGetValue(set, out var list))
        {
            list = [];
            changes[set] = list;
        }

        return list;
    }

    private static void Write(Dictionary<string, List<NftSetElement>> changes, Action<string, List<NftSetElement>> write)
    {
        // Layout order, so batches are deterministic (golden tests) and dispatch comes before slots.
        foreach (var set in NftLayout.Sets)
        {
            if (changes.TryGetValue(set.Name, out var elements) && elements.Count > 0)
            {
                write(set.Name, elements);
            }
        }
    }
}
