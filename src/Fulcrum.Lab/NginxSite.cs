using System.Globalization;

namespace Fulcrum.Lab;

/// <summary>
/// The nginx instance of one real server: its files in the lab state directory, its configuration
/// and the command that starts it inside the server's namespace.
/// </summary>
internal sealed class NginxSite(LabNode server, string labStateDirectory)
{
    public LabNode Server { get; } = server;
    public string Directory { get; } = Path.Combine(labStateDirectory, server.Name);
    public string ConfigPath => Path.Combine(Directory, "nginx.conf");
    public string PidFile => Path.Combine(Directory, "nginx.pid");
    public string AccessLog => Path.Combine(Directory, "access.log");
    public string ErrorLog => Path.Combine(Directory, "error.log");
    public string CertificatePath => Path.Combine(Directory, "cert.pem");
    public string KeyPath => Path.Combine(Directory, "key.pem");

    /// <summary>A self-signed certificate for <c>NAME.lab</c>, made at lab up, so HTTPS and TLS checks have something real to talk to.</summary>
    public IReadOnlyList<string> CertificateCommand =>
    [
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
        "-subj", $"/CN={Server.Name}.lab", "-keyout", KeyPath, "-out", CertificatePath,
    ];

    /// <summary>
    /// Daemonized, so it outlives <c>fulcrum lab up</c>; the pid file is how the lab finds it again.
    /// <c>-e</c> keeps even start-up errors out of the host's /var/log/nginx.
    /// </summary>
    public IReadOnlyList<string> StartCommand =>
        ["ip", "netns", "exec", Server.Namespace, "nginx", "-p", Directory + "/", "-c", ConfigPath, "-e", ErrorLog];

    /// <summary>
    /// The page names the server and the client address it saw, which is what NAT tests look at. Health
    /// checks get <c>/health</c> (200, <c>ok NAME</c>) and <c>/status/500</c>; HTTPS on port 443 with the
    /// self-signed certificate serves the same.
    /// </summary>
    public string RenderConfig() => string.Create(CultureInfo.InvariantCulture, $$"""
        # Written by `fulcrum lab up`: real server {{Server.Name}} in namespace {{Server.Namespace}}.
        user www-data;
        worker_processes 1;
        daemon on;
        pid {{PidFile}};
        error_log {{ErrorLog}} notice;

        events {
            worker_connections 1024;
        }

        http {
            log_format lab '$time_iso8601 {{Server.Name}} peer=$remote_addr:$remote_port "$request" $status';
            access_log {{AccessLog}} lab;

            server {
                listen 0.0.0.0:80 default_server;
                listen 0.0.0.0:443 ssl default_server;
                ssl_certificate {{CertificatePath}};
                ssl_certificate_key {{KeyPath}};
                location = /health {
                    default_type text/plain;
                    return 200 "ok {{Server.Name}}\n";
                }
                location = /status/500 {
                    return 500;
                }
                location / {
                    default_type text/plain;
                    return 200 "{{Server.Name}} saw $remote_addr\n";
                }
            }
        }

        """);

    /// <summary>The pid nginx wrote, or null when the file is missing or not yet complete.</summary>
    public int? ReadPid()
    {
        try
        {
            var text = File.ReadAllText(PidFile).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Whether a process is this site's nginx master: guards against a recycled pid.</summary>
    public bool IsMaster(IProcessControl processes, int pid) =>
        processes.IsRunning(pid)
        && processes.ReadCommandLine(pid) is { } commandLine
        && commandLine.Contains(ConfigPath, StringComparison.Ordinal);
}
