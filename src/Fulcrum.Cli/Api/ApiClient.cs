using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fulcrum.Core.Status;

namespace Fulcrum.Cli.Api;

/// <summary>
/// The CLI's client of the daemon's runtime API (docs/api.md): HTTP/1.1 + JSON over the node's
/// Unix socket or over TCP with a bearer token. Every failure becomes an <see cref="ApiException"/>
/// whose message says what went wrong and what to do about it.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    /// <summary>Request bodies: the API's style, optional fields left out.</summary>
    private static readonly JsonSerializerOptions RequestOptions = new(StatusJson.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly ApiEndpoint _endpoint;
    private readonly TimeSpan _timeout;

    public ApiClient(ApiEndpoint endpoint, TimeSpan timeout)
    {
        _endpoint = endpoint;
        _timeout = timeout;
        var handler = new SocketsHttpHandler { ConnectTimeout = timeout, UseProxy = false, AllowAutoRedirect = false };
        if (endpoint.SocketPath is { } path)
        {
            handler.ConnectCallback = (_, ct) => ConnectUnixAsync(path, endpoint.StartHint, ct);
        }

        _http = new HttpClient(handler) { BaseAddress = endpoint.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (endpoint.Token is { } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary><c>GET /v1/status</c>.</summary>
    public async Task<StatusSnapshot> GetStatusAsync(CancellationToken cancellationToken)
    {
        string body = await SendAsync(HttpMethod.Get, "v1/status", null, _timeout, cancellationToken).ConfigureAwait(false);
        return Parse<StatusSnapshot>(body, "v1/status");
    }

    /// <summary>
    /// <c>GET /v1/events?after=SEQ[&amp;wait=SECONDS]</c>: with a wait, the daemon holds the call until
    /// an event arrives or the wait ends (the client waits that long plus its own timeout).
    /// </summary>
    public async Task<EventPage> GetEventsAsync(long after, int? waitSeconds, CancellationToken cancellationToken)
    {
        string target = string.Create(CultureInfo.InvariantCulture, $"v1/events?after={after}");
        TimeSpan timeout = _timeout;
        if (waitSeconds is { } wait)
        {
            target += string.Create(CultureInfo.InvariantCulture, $"&wait={wait}");
            timeout += TimeSpan.FromSeconds(wait);
        }

        string body = await SendAsync(HttpMethod.Get, target, null, timeout, cancellationToken).ConfigureAwait(false);
        return Parse<EventPage>(body, "v1/events");
    }

    /// <summary>A write (<c>POST</c>) with a JSON body; returns the answer's JSON.</summary>
    public async Task<JsonElement> PostAsync<TBody>(string path, TBody body, CancellationToken cancellationToken)
    {
        string json = JsonSerializer.Serialize(body, RequestOptions);
        string answer = await SendAsync(HttpMethod.Post, path, json, _timeout, cancellationToken).ConfigureAwait(false);
        try
        {
            using JsonDocument document = JsonDocument.Parse(answer);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ApiException($"the daemon at {_endpoint.Describe()} answered {path} with something that is not JSON: {e.Message}", e);
        }
    }

    public void Dispose() => _http.Dispose();

    private T Parse<T>(string body, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, StatusJson.Options)
                ?? throw new ApiException($"the daemon at {_endpoint.Describe()} answered {what} with null");
        }
        catch (JsonException e)
        {
            throw new ApiException($"the daemon at {_endpoint.Describe()} answered {what} with JSON this fulcrum does not understand: {e.Message}", e);
        }
    }

    private async Task<string> SendAsync(HttpMethod method, string target, string? json, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, target);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw ApiErrors.FromAnswer(_endpoint, method, target, (int)response.StatusCode, response.ReasonPhrase, body);
            }

            return body;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiException(string.Create(
                CultureInfo.InvariantCulture,
                $"no answer from the daemon at {_endpoint.Describe()} within {timeout.TotalSeconds:0.###} s (--timeout)"), e);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        catch (IOException e)
        {
            throw new ApiException($"the connection to the daemon at {_endpoint.Describe()} broke off: {e.Message}", e);
        }
    }

    private ApiException Unreachable(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is ApiException known)
            {
                return known;
            }

            if (inner is SocketException socket)
            {
                string why = socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused: the daemon is not running there, or not with the API on that address",
                    SocketError.TimedOut => "the connection timed out",
                    SocketError.HostUnreachable or SocketError.NetworkUnreachable => "no route to it",
                    _ => socket.Message,
                };
                return new ApiException($"cannot reach the daemon at {_endpoint.Describe()}: {why}; {_endpoint.StartHint}", e);
            }
        }

        return new ApiException($"cannot talk to the daemon at {_endpoint.Describe()}: {e.Message}", e);
    }

    private static async ValueTask<Stream> ConnectUnixAsync(string path, string startHint, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ApiException(UnixConnectFailure(path, e, startHint), e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string UnixConnectFailure(string path, SocketException e, string startHint)
    {
        if (e.SocketErrorCode == SocketError.AccessDenied)
        {
            return $"permission denied opening {path}: this user may not use the daemon's socket";
        }

        if (!File.Exists(path))
        {
            return $"the daemon is not running: no socket at {path}; {startHint}";
        }

        return e.SocketErrorCode == SocketError.ConnectionRefused
            ? $"the daemon is not running: nothing listens on {path} (a socket left from an earlier run); {startHint}"
            : $"cannot connect to {path}: {e.Message}; {startHint}";
    }
}
