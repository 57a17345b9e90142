using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// The real <c>quartier serve</c> in a child process on a free loopback port, with its own SQLite store unless told
/// otherwise; killed (not left running) when disposed. Its console output is kept for failure messages.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, string url, string store, string eosUrl)
    {
        _process = process;
        Url = url;
        Store = store;
        EosUrl = eosUrl;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        Eos = new HttpClient { BaseAddress = new Uri(eosUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Url { get; }

    /// <summary>The EOS-compatible API's address (a free loopback port unless the arguments give --eos-urls).</summary>
    public string EosUrl { get; }

    /// <summary>A client of the EOS-compatible API.</summary>
    public HttpClient Eos { get; }

    /// <summary>The --store value (sqlite:PATH).</summary>
    public string Store { get; }

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static ServerProcess Start(string store, IReadOnlyDictionary<string, string?>? environment = null, params string[] args)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var server = Launch(url, store, environment, args);
        server.WaitReady();
        return server;
    }

    /// <summary>Starts and returns without waiting (for start-up refusals).</summary>
    public static ServerProcess Launch(string url, string store, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        Launch(url, store, environment, ownEosPort: true, args);

    /// <summary>Starts without waiting; with <paramref name="ownEosPort"/> false the server gets no --eos-urls (its default, 8503) unless the arguments give one.</summary>
    public static ServerProcess Launch(string url, string store, IReadOnlyDictionary<string, string?>? environment, bool ownEosPort, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quartier.dll"));
        var eosUrl = ownEosPort ? $"http://127.0.0.1:{FreePort()}" : "http://127.0.0.1:8503";
        string[] eos = args.Contains("--eos-urls") || !ownEosPort ? [] : ["--eos-urls", eosUrl];
        string[] eosConfig = args.Contains("--eos-config") ? [] : ["--eos-config", Path.Combine(Path.GetTempPath(), $"quartier-eos-{Guid.NewGuid():N}.json")];
        foreach (var a in (string[])["serve", "--urls", url, "--store", store, .. eos, .. eosConfig, .. args])
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["USE_AUTH"] = null;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var server = new ServerProcess(process, url, store, eosUrl);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public void WaitReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"quartier serve exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                using var r = Send(HttpMethod.Get, "/api/health");
                if (r.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Thread.Sleep(200);
        }

        throw new TimeoutException($"quartier serve did not answer /api/health in 60 s: {Output}");
    }

    /// <summary>A request, sent synchronously (tests stay synchronous).</summary>
    public HttpResponseMessage Send(HttpMethod method, string path, HttpContent? content = null)
    {
        try
        {
            return Http.Send(new HttpRequestMessage(method, path) { Content = content });
        }
        catch (HttpRequestException ex) when (_process.HasExited || (ex.InnerException is IOException && _process.WaitForExit(2000)))
        {
            // the server died under the request: say how, with the end of what it printed
            var lines = Output.Split('\n');
            throw new HttpRequestException($"{method} {path}: quartier serve exited with {_process.ExitCode}; its last lines:\n{string.Join('\n', lines[Math.Max(0, lines.Length - 60)..])}", ex);
        }
    }

    /// <summary>The body of a 200 answer to GET <paramref name="path"/>.</summary>
    public byte[] Bytes(string path)
    {
        using var r = Send(HttpMethod.Get, path);
        if (r.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"GET {path} -> {(int)r.StatusCode}: {Text(r)}");
        }

        using var buffer = new MemoryStream();
        r.Content.ReadAsStream().CopyTo(buffer);
        return buffer.ToArray();
    }

    public static string Text(HttpResponseMessage response)
    {
        using var reader = new StreamReader(response.Content.ReadAsStream());
        return reader.ReadToEnd();
    }

    /// <summary>Waits for the process to end by itself (a start-up refusal); its exit code.</summary>
    public int WaitExit(int seconds = 60)
    {
        if (!_process.WaitForExit(seconds * 1000))
        {
            throw new TimeoutException($"quartier serve still runs after {seconds} s: {Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as a service manager stops the server; waits for it to exit and returns its exit code.</summary>
    public int Terminate(int seconds = 30)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        return WaitExit(seconds);
    }

    /// <summary>SIGKILL: the server gets no chance to clean up.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public JsonElement GetJson(string path, HttpStatusCode expect = HttpStatusCode.OK)
    {
        using var r = Send(HttpMethod.Get, path);
        var body = Text(r);
        Assert.True(r.StatusCode == expect, $"GET {path} -> {(int)r.StatusCode}, want {(int)expect}: {body[..Math.Min(400, body.Length)]}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public (HttpStatusCode Status, JsonElement Body, string? ContentType) Post(string path, byte[] body, string contentType = "application/json")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        // Expect: 100-continue, so a body the server refuses by its length is not sent (else the refusal may race a broken pipe)
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = body.Length > 1024 * 1024;
        using var r = Http.Send(request);
        var text = Text(r);
        JsonElement json = default;
        try
        {
            json = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            // not JSON; the caller asserts on the status
        }

        return (r.StatusCode, json, r.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Polls a DOTS simulation until it has an end time; its last status.</summary>
    public JsonElement WaitEnded(string id, int seconds = 180)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var status = GetJson($"/api/v1/simulation/{id}");
            if (status.GetProperty("calculation_end_datetime").ValueKind != JsonValueKind.Null)
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"simulation {id} did not end in {seconds} s: {status}");
            Thread.Sleep(250);
        }
    }

    /// <summary>Polls until the simulation's state is <paramref name="state"/>.</summary>
    public void WaitState(string id, string state, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (GetJson($"/api/v1/simulation/{id}").GetProperty("state").GetString() != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"simulation {id} did not reach {state} in {seconds} s");
            Thread.Sleep(100);
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        Eos.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
