using Fulcrum.Cli.Output;
using Fulcrum.Core.Status;

namespace Fulcrum.Core.Tests.Cli;

public class NagiosCheckTests
{
    private static string Golden(CheckOutcome outcome) => $"exit {outcome.ExitCode}\n{outcome.Line}\n";

    private static CheckOutcome Check(StatusSnapshot status, NagiosCheckOptions? options = null) =>
        NagiosCheck.Evaluate(status, options ?? NagiosCheckOptions.Default);

    [Fact]
    public void Healthy_is_OK_with_perfdata_for_every_service()
    {
        CheckOutcome outcome = Check(StatusSnapshots.Healthy());

        Assert.Equal(NagiosStatus.Ok, outcome.Status);
        Cli.Golden.AssertMatches("check-ok.txt", Golden(outcome));
    }

    [Fact]
    public void A_down_or_drained_server_is_a_WARNING_that_names_it()
    {
        CheckOutcome outcome = Check(StatusSnapshots.Degraded());

        Assert.Equal(NagiosStatus.Warning, outcome.Status);
        Cli.Golden.AssertMatches("check-warning.txt", Golden(outcome));
    }

    [Fact]
    public void A_service_below_quorum_is_CRITICAL()
    {
        CheckOutcome outcome = Check(StatusSnapshots.WebDown());

        Assert.Equal(NagiosStatus.Critical, outcome.Status);
        Cli.Golden.AssertMatches("check-critical-service.txt", Golden(outcome));
    }

    [Fact]
    public void A_sync_group_in_fault_is_CRITICAL()
    {
        CheckOutcome outcome = Check(StatusSnapshots.Fault());

        Assert.Equal(NagiosStatus.Critical, outcome.Status);
        Cli.Golden.AssertMatches("check-critical-fault.txt", Golden(outcome));
    }

    [Fact]
    public void A_conntrack_table_eighty_percent_full_is_a_WARNING_with_its_fill_as_perfdata()
    {
        CheckOutcome outcome = Check(StatusSnapshots.ConntrackAt(209_716, "warning"));

        Assert.Equal(NagiosStatus.Warning, outcome.Status);
        Cli.Golden.AssertMatches("check-warning-conntrack.txt", Golden(outcome));
        Assert.Equal(NagiosStatus.Ok, Check(StatusSnapshots.ConntrackAt(209_715, "normal")).Status);
    }

    [Fact]
    public void A_conntrack_table_ninety_five_percent_full_is_CRITICAL_and_names_the_drops()
    {
        CheckOutcome outcome = Check(StatusSnapshots.ConntrackAt(262_144, "critical", earlyDrops: 87_018, drops: 12));

        Assert.Equal(NagiosStatus.Critical, outcome.Status);
        Cli.Golden.AssertMatches("check-critical-conntrack.txt", Golden(outcome));
        Assert.Equal(NagiosStatus.Warning, Check(StatusSnapshots.ConntrackAt(249_036, "critical")).Status);
    }

    [Fact]
    public void A_backup_expected_to_be_master_is_a_WARNING()
    {
        CheckOutcome outcome = Check(StatusSnapshots.Backup(), NagiosCheckOptions.Default with { ExpectState = "master" });

        Assert.Equal(NagiosStatus.Warning, outcome.Status);
        Cli.Golden.AssertMatches("check-warning-expect-master.txt", Golden(outcome));
    }

    [Fact]
    public void A_backup_is_OK_when_backup_or_any_state_is_expected()
    {
        Assert.Equal(NagiosStatus.Ok, Check(StatusSnapshots.Backup(), NagiosCheckOptions.Default with { ExpectState = "backup" }).Status);
        Assert.Equal(NagiosStatus.Ok, Check(StatusSnapshots.Backup()).Status);
    }

    [Fact]
    public void An_unknown_service_is_UNKNOWN_and_lists_the_known_ones()
    {
        CheckOutcome outcome = Check(StatusSnapshots.Healthy(), NagiosCheckOptions.Default with { Services = ["mail"] });

        Assert.Equal(NagiosStatus.Unknown, outcome.Status);
        Cli.Golden.AssertMatches("check-unknown-service.txt", Golden(outcome));
    }

    [Fact]
    public void Service_selection_limits_the_verdict_and_the_perfdata_to_that_service()
    {
        CheckOutcome outcome = Check(StatusSnapshots.WebDown(), NagiosCheckOptions.Default with { Services = ["dns"] });

        Assert.Equal(NagiosStatus.Ok, outcome.Status);
        Assert.Equal(
            "FULCRUM OK - lb1 master, 1/1 services up, 2/2 servers usable | 'dns_healthy'=2;;1:;0;2 'dns_usable'=2;2:;;0;2 " +
            "'dns_conns'=U;;;0 'dns_pps'=0.4;;;0 'dns_bps'=26B;;;0 'conntrack'=1234;209716;249037;0;262144 'conntrack_early_drops'=0c 'conntrack_drops'=0c",
            outcome.Line);
    }

    [Fact]
    public void A_lower_warning_fraction_tolerates_one_unusable_server_of_three()
    {
        StatusSnapshot status = StatusSnapshots.Healthy();
        ServiceStatus web = status.Services[0];
        status = status with { Services = [web with { Servers = [web.Servers[0] with { Health = "down", Weight = 0 }, web.Servers[1], web.Servers[2]] }] };

        Assert.Equal(NagiosStatus.Warning, Check(status).Status);
        Assert.Equal(NagiosStatus.Ok, Check(status, NagiosCheckOptions.Default with { Warning = 0.6 }).Status);
        Assert.Equal(NagiosStatus.Warning, Check(status, NagiosCheckOptions.Default with { Warning = 0.7 }).Status);
        Assert.Equal(NagiosStatus.Critical, Check(status, NagiosCheckOptions.Default with { Warning = 0.5, Critical = 0.7 }).Status);
    }

    [Fact]
    public void A_firewall_not_applied_is_CRITICAL()
    {
        CheckOutcome outcome = Check(StatusSnapshots.Healthy() with { Firewall = new FirewallStatus(false, null, null) });

        Assert.Equal(NagiosStatus.Critical, outcome.Status);
        Assert.StartsWith("FULCRUM CRITICAL - firewall NOT APPLIED; lb1 master,", outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Expecting_a_state_of_a_node_without_ha_is_UNKNOWN()
    {
        CheckOutcome outcome = Check(StatusSnapshots.Bare(), NagiosCheckOptions.Default with { ExpectState = "master" });

        Assert.Equal(NagiosStatus.Unknown, outcome.Status);
        Assert.Equal("FULCRUM UNKNOWN - --expect-state master, but lb1 runs no VRRP", outcome.Line);
    }

    [Fact]
    public void A_bare_node_is_OK_without_perfdata()
    {
        Assert.Equal("FULCRUM OK - lb1 no ha, 0/0 services up, 0/0 servers usable", Check(StatusSnapshots.Bare()).Line);
    }

    [Fact]
    public void An_instance_out_of_step_with_its_group_is_a_WARNING()
    {
        StatusSnapshot status = StatusSnapshots.Healthy();
        status = status with { Ha = status.Ha! with { Instances = [status.Ha.Instances[0], status.Ha.Instances[1] with { State = "backup" }] } };

        CheckOutcome outcome = Check(status);

        Assert.Equal(NagiosStatus.Warning, outcome.Status);
        Assert.StartsWith("FULCRUM WARNING - instance private backup while the group is master; ", outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_from_the_daemon_cannot_break_the_line_or_the_perfdata()
    {
        CheckOutcome outcome = NagiosCheck.Unknown("a | b\nc");

        Assert.Equal("FULCRUM UNKNOWN - a / b c", outcome.Line);
        Assert.Equal(3, outcome.ExitCode);
    }
}
