using Fulcrum.Lab;

namespace Fulcrum.Core.Tests.Lab;

public sealed class CommandFailedExceptionTests
{
    [Fact]
    public void Names_the_command_and_its_stderr()
    {
        var result = new CommandResult(["ip", "netns", "add", "fl sw"], 1, "", "Cannot create namespace file: File exists\n");

        var error = Assert.Throws<CommandFailedException>(() => result.EnsureSuccess());

        Assert.Equal("`ip netns add 'fl sw'` exited with 1: Cannot create namespace file: File exists", error.Message);
        Assert.Same(result, error.Result);
    }

    [Fact]
    public void A_successful_result_passes_through()
    {
        var result = new CommandResult(["true"], 0, "", "");

        Assert.Same(result, result.EnsureSuccess());
    }
}
