using System.Net;
using Fulcrum.Core.Config;
using Fulcrum.Core.Net;
using Fulcrum.Linux.DataPlane;
using Fulcrum.Linux.Nftables;

namespace Fulcrum.Core.Tests.Linux.DataPlane;

/// <summary>What the engine stores in the kernel to rebuild its model reads back the same.</summary>
public sealed class NftEngineEncodingTests
{
    [Theory]
    [InlineData("203.0.113.100:80/tcp", Scheduler.WeightedRoundRobin, null, false)]
    [InlineData("203.0.113.100:8000-8100/udp", Scheduler.Maglev, 24, true)]
    [InlineData("203.0.113.100:*/tcp", Scheduler.SourceHash, 32, false)]
    public void Service_settings_survive_the_rule_comment(string listen, Scheduler scheduler, int? granularity, bool sorryActive)
    {
        Assert.True(ListenEndpoint.TryParse(listen, out var endpoint));
        var persistence = granularity is { } g ? new PersistenceConfig(TimeSpan.FromMilliseconds(300_250), g) : null;
        var comment = new ServiceComment("web-1_x", 32767, endpoint, scheduler, persistence, sorryActive);

        var text = comment.Format();

        Assert.Equal(comment, ServiceComment.TryParse(text));
        Assert.True(text.Length <= NftRuleComment.MaxLength);
        Assert.Null(ServiceComment.TryParse("someone else's comment"));
        Assert.Null(ServiceComment.TryParse("fulcrum service=web id=1 listen=nonsense scheduler=wrr persistence=none sorry=standby"));
        Assert.Null(ServiceComment.TryParse("fulcrum service=web listen=203.0.113.100:80/tcp scheduler=wrr persistence=none sorry=standby"));
    }

    [Theory]
    [InlineData(80, false, 80)]
    [InlineData(null, false, 8080)]
    [InlineData(null, true, 0)]
    public void Server_records_survive_the_servers_map(int? port, bool sorry, int targetPort)
    {
        var record = new ServerRecord(0x1234, 7, new ServerEndpoint(IPAddress.Parse("192.168.20.11"), (ushort?)port), 65535, sorry, (ushort)targetPort);

        var element = record.ToElement();

        Assert.Equal(record, ServerRecord.Parse(element));
        Assert.Equal(NftData.Concat(NftData.FromAddress(IPAddress.Parse("192.168.20.11")), NftData.FromUInt16BigEndian((ushort)targetPort)), record.ToTarget().Data);
        Assert.Throws<FormatException>(() => ServerRecord.Parse(new NftSetElement(NftData.FromByte(1))));
    }

    [Theory]
    [InlineData(1u, "bucket_1")]
    [InlineData(255u, "bucket_255")]
    [InlineData(256u, "bucket_0")]
    [InlineData(32767u, "bucket_255")]
    public void A_service_id_leads_to_its_bucket_through_the_slot_key(uint id, string bucket)
    {
        Assert.Equal(bucket, NftLayout.BucketChain(id));
        var key = NftLayout.SlotKeyValue(id, 65536) & NftLayout.BucketMask;
        Assert.Equal(NftLayout.BucketKey((int)(id % NftLayout.BucketCount)), NftLayout.Mark(key));
        Assert.Equal(NftLayout.BucketCount, NftLayout.BucketChains.Distinct().Count());
        Assert.All(NftLayout.BucketChains, name => Assert.True(NftLayout.IsBucketChain(name)));
        Assert.False(NftLayout.IsBucketChain(NftLayout.ServiceChain(id)));
    }
}
