using System.Net;
using Fulcrum.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;
using static Fulcrum.Core.Tests.Vrrp.VrrpTestPackets;

namespace Fulcrum.Core.Tests.Vrrp;

public sealed class VrrpHmacTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private static readonly VrrpHmacKey Key = new("0123456789abcdef0123456789abcdef"u8);

    private readonly FakeTimeProvider _senderClock = new(Now);
    private readonly FakeTimeProvider _receiverClock = new(Now);

    private VrrpPacketWriter Writer(IPAddress? source = null) => new(source ?? Lb1, hmac: Key, time: _senderClock);

    private VrrpReceiveFilter Filter() => new(new VrrpReceiveFilterOptions
    {
        VirtualRouterIds = new HashSet<byte> { 51 },
        Hmac = Key,
        Time = _receiverClock,
    });

    [Fact]
    public void A_signed_advert_is_the_plain_message_plus_a_44_byte_trailer_and_is_accepted()
    {
        var writer = Writer();
        var message = writer.Write(SeedAdvert(), Group);

        Assert.Equal(GoldenV3Message().Length + VrrpHmacTrailer.Length, message.Length);
        Assert.Equal(GoldenV3Message(), message[..GoldenV3Message().Length]);
        Assert.Equal("FHM1"u8.ToArray(), message[GoldenV3Message().Length..][..4]);
        Assert.Equal(VrrpRejectReason.None, Filter().Check(WrapInIpv4(message), out var advert));
        Assert.Equal(SeedAdvert(), advert);
    }

    [Fact]
    public void Counters_increase_even_when_the_clock_does_not()
    {
        var clock = new SteppingClock { Now = Now };
        var writer = new VrrpPacketWriter(Lb1, hmac: Key, time: clock);
        var filter = Filter();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(VrrpRejectReason.None, filter.Check(WrapInIpv4(writer.Write(SeedAdvert(), Group)), out _));
        }

        clock.Now = Now.AddSeconds(-1); // stepped back: still above the last counter
        Assert.Equal(VrrpRejectReason.None, filter.Check(WrapInIpv4(writer.Write(SeedAdvert(), Group)), out _));
    }

    [Fact]
    public void A_replayed_advert_is_rejected_and_a_later_one_accepted()
    {
        var writer = Writer();
        var filter = Filter();
        var first = WrapInIpv4(writer.Write(SeedAdvert(), Group));
        _senderClock.Advance(TimeSpan.FromMilliseconds(100));
        var second = WrapInIpv4(writer.Write(SeedAdvert(), Group));

        Assert.Equal(VrrpRejectReason.None, filter.Check(first, out _));
        Assert.Equal(VrrpRejectReason.None, filter.Check(second, out _));
        Assert.Equal(VrrpRejectReason.HmacReplayed, filter.Check(second, out _));
        Assert.Equal(VrrpRejectReason.HmacReplayed, filter.Check(first, out _));
    }

    [Fact]
    public void A_restarted_receiver_accepts_only_adverts_from_within_the_clock_skew()
    {
        var old = WrapInIpv4(Writer().Write(SeedAdvert(), Group));
        _receiverClock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(VrrpRejectReason.None, Filter().Check(old, out _));

        _receiverClock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(VrrpRejectReason.HmacClockSkew, Filter().Check(old, out _));
    }

    [Fact]
    public void Any_changed_byte_of_the_advert_or_its_addresses_breaks_the_mac()
    {
        var message = Writer().Write(SeedAdvert(), Group);

        // Priority raised, checksum fixed: a forger without the key.
        var raised = WrapInIpv4(message);
        raised[20 + 2] = 255;
        Assert.Equal(VrrpRejectReason.HmacInvalid, Filter().Check(FixMessageChecksum(raised), out _));

        // Re-sent from another source (checksum fixed for the new pseudo-header).
        Assert.Equal(VrrpRejectReason.HmacInvalid, Filter().Check(FixMessageChecksum(WrapInIpv4(message, source: Lb2)), out _));

        // Counter pushed forward to beat the replay check.
        var counter = WrapInIpv4(message);
        counter[20 + GoldenV3Message().Length + 11] ^= 1;
        Assert.Equal(VrrpRejectReason.HmacInvalid, Filter().Check(counter, out _));
    }

    [Fact]
    public void Adverts_without_a_trailer_or_with_a_cut_one_are_rejected()
    {
        var message = Writer().Write(SeedAdvert(), Group);

        Assert.Equal(VrrpRejectReason.HmacMissing, Filter().Check(WrapInIpv4(GoldenV3Message()), out _));
        Assert.Equal(VrrpRejectReason.OversizedVrrpPacket, Filter().Check(WrapInIpv4(message.AsSpan(0, message.Length - 1)), out _));

        // A receiver without HMAC sees a signed advert as oversized: the modes do not mix silently.
        var plain = new VrrpReceiveFilter(new VrrpReceiveFilterOptions { VirtualRouterIds = new HashSet<byte> { 51 } });
        Assert.Equal(VrrpRejectReason.OversizedVrrpPacket, plain.Check(WrapInIpv4(message), out _));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Key_files_must_be_private_and_long_enough()
    {
        var directory = Directory.CreateTempSubdirectory("fulcrum-hmac-");
        try
        {
            var path = Path.Combine(directory.FullName, "vrrp.key");
            File.WriteAllBytes(path, new byte[32]);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            Assert.Contains("chmod 600", Assert.Throws<InvalidDataException>(() => VrrpHmacKey.ReadFile(path)).Message, StringComparison.Ordinal);

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Assert.NotNull(VrrpHmacKey.ReadFile(path));

            File.WriteAllBytes(path, new byte[31]);
            Assert.Contains("at least 32", Assert.Throws<InvalidDataException>(() => VrrpHmacKey.ReadFile(path)).Message, StringComparison.Ordinal);
            Assert.Contains("does not exist", Assert.Throws<InvalidDataException>(() => VrrpHmacKey.ReadFile(path + ".missing")).Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // The v3 checksum covers the VRRP message only, not the trailer.
    private static byte[] FixMessageChecksum(byte[] datagram)
    {
        var message = datagram.AsSpan(20, GoldenV3Message().Length);
        message[6] = 0;
        message[7] = 0;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(message[6..], VrrpChecksum.ComputeV3(message, datagram.AsSpan(12, 4), datagram.AsSpan(16, 4)));
        return datagram;
    }

    private sealed class SteppingClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
