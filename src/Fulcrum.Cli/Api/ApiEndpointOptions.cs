using System.CommandLine;
using System.Globalization;
using Fulcrum.Core.Config;

namespace Fulcrum.Cli.Api;

/// <summary>
/// The arguments every API command shares — which daemon to ask: <c>[FILE] [--node NAME]</c> (the Unix
/// socket <c>&lt;global.state_dir&gt;/&lt;node&gt;/api.sock</c>; FILE and the node default as for every
/// command, <see cref="Commands.NodeArguments"/>, so on a balancer nothing needs saying), <c>--socket PATH</c>, or
/// <c>--url URL --token-file FILE</c> (TCP) — and <c>--timeout</c>. At most one way may be given;
/// anything else is a usage error.
/// </summary>
internal sealed class ApiEndpointOptions
{
    /// <summary>The default for <c>--timeout</c>, in seconds.</summary>
    public const double DefaultTimeoutSeconds = 5;

    public Argument<FileInfo?> File { get; } = new("FILE")
    {
        Description = $"The cluster configuration file: the socket is <global.state_dir>/<node>/api.sock. Default: {Commands.NodeConfigLoader.DefaultConfigPath}.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<string?> Node { get; } = new("--node")
    {
        Description = "The node whose daemon to ask. Default: the node whose own address is on this host's interfaces, else the one named like the host.",
    };

    public Option<string?> Socket { get; } = new("--socket") { Description = "The daemon's Unix socket, instead of FILE --node NAME." };

    public Option<string?> Url { get; } = new("--url") { Description = "The daemon's TCP API (global.api.listen), e.g. http://10.0.0.1:9443; needs --token-file." };

    public Option<FileInfo?> TokenFile { get; } = new("--token-file") { Description = "A file holding the API token, sent as 'Authorization: Bearer' (with --url)." };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for the daemon's answer (default 5).",
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
    };

    /// <summary>Adds the options (and FILE, as the command's last argument) to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        command.Options.Add(Node);
        command.Options.Add(Socket);
        command.Options.Add(Url);
        command.Options.Add(TokenFile);
        command.Options.Add(Timeout);
        Timeout.Validators.Add(result =>
        {
            double seconds = result.GetValueOrDefault<double>();
            if (!(seconds > 0) || double.IsInfinity(seconds))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--timeout {seconds}: must be a positive number of seconds"));
            }
        });
        command.Validators.Add(result =>
        {
            if (UsageError(
                result.GetValue(File)?.ToString(), result.GetValue(Node), result.GetValue(Socket),
                result.GetValue(Url), result.GetValue(TokenFile)?.ToString()) is { } error)
            {
                result.AddError(error);
            }
        });
    }

    /// <summary>What is wrong with the combination given, or null when it names exactly one daemon.</summary>
    public static string? UsageError(string? file, string? node, string? socket, string? url, string? tokenFile)
    {
        if (file is not null && file.StartsWith('-'))
        {
            // System.CommandLine hands an unknown option to the optional FILE argument.
            return $"unknown option {file}";
        }

        int ways = (file is not null ? 1 : 0) + (socket is not null ? 1 : 0) + (url is not null ? 1 : 0);
        if (ways > 1)
        {
            return "give only one of FILE [--node NAME], --socket PATH and --url URL";
        }

        if (node is not null && (socket is not null || url is not null))
        {
            return "--node goes with FILE (or the default file), not with --socket or --url";
        }

        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return $"--url {url}: not an http:// or https:// address";
            }

            if (tokenFile is null)
            {
                return "--url needs --token-file FILE: the TCP API requires a token";
            }
        }
        else if (tokenFile is not null)
        {
            return "--token-file goes with --url (the Unix socket needs no token)";
        }

        return null;
    }

    /// <summary>The timeout given.</summary>
    public TimeSpan GetTimeout(ParseResult result) => TimeSpan.FromSeconds(result.GetValue(Timeout));

    /// <summary>
    /// Where the daemon is, from a parse result that passed validation. Reads FILE (for the state
    /// directory) or the token file.
    /// </summary>
    /// <exception cref="ApiException">FILE is invalid or has no such node; the token file cannot be read.</exception>
    public ApiEndpoint Resolve(ParseResult result) => Resolve(
        result.GetValue(File)?.ToString(), result.GetValue(Node), result.GetValue(Socket), result.GetValue(Url), result.GetValue(TokenFile)?.ToString());

    /// <inheritdoc cref="Resolve(ParseResult)"/>
    public static ApiEndpoint Resolve(string? file, string? node, string? socket, string? url, string? tokenFile)
    {
        const string Hint = "start it with: fulcrum run FILE --node NAME";
        if (socket is not null)
        {
            return ApiEndpoint.Socket(socket, Hint);
        }

        if (url is not null)
        {
            return ApiEndpoint.Tcp(new Uri(url), ReadToken(tokenFile!));
        }

        file ??= Commands.NodeConfigLoader.DefaultConfigPath;
        ConfigLoadResult loaded = ConfigLoader.Load(file);
        if (!loaded.Succeeded)
        {
            int errors = loaded.Errors.Count();
            throw new ApiException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{file}: invalid ({errors} error{(errors == 1 ? "" : "s")}), so the daemon's socket is not known; see 'fulcrum validate {file}', or give --socket PATH"),
                null,
                [.. loaded.Errors.Select(d => d.ToString())]);
        }

        if (Commands.NodeConfigLoader.Resolve(loaded.Config, file, node, null, out string? error) is not { } name)
        {
            throw new ApiException(error!);
        }

        string path = Path.Combine(loaded.Config.Global.StateDir, name, "api.sock");
        return ApiEndpoint.Socket(path, file == Commands.NodeConfigLoader.DefaultConfigPath && node is null
            ? "start it with: systemctl start fulcrum"
            : $"start it with: fulcrum run {file} --node {name}");
    }

    private static string ReadToken(string tokenFile)
    {
        string token;
        try
        {
            token = System.IO.File.ReadAllText(tokenFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ApiException($"--token-file {tokenFile}: cannot read it: {e.Message}", e);
        }

        if (token.Length == 0 || token.Any(char.IsWhiteSpace))
        {
            throw new ApiException($"--token-file {tokenFile}: must hold one token (no spaces), and holds {(token.Length == 0 ? "nothing" : "more")}");
        }

        return token;
    }
}
