using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fulcrum.Integration.Tests.Netlink;

/// <summary>Normalizes <c>nft -j list</c> output for comparison: drops metainfo and kernel-assigned handles.</summary>
internal static class NftJson
{
    public static string Normalize(string json)
    {
        var root = JsonNode.Parse(json)?["nftables"]?.AsArray() ?? throw new InvalidOperationException("not nft JSON: " + json);
        var items = new JsonArray();
        foreach (var item in root)
        {
            if (item is JsonObject obj && !obj.ContainsKey("metainfo"))
            {
                var copy = item.DeepClone();
                StripHandles(copy);
                items.Add(copy);
            }
        }

        return items.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static void StripHandles(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove("handle");
                foreach (var (_, value) in obj)
                {
                    StripHandles(value);
                }

                break;
            case JsonArray array:
                foreach (var value in array)
                {
                    StripHandles(value);
                }

                break;
            default:
                break;
        }
    }
}
