using System.Net;
using System.Text;
using System.Text.Json;
using Quartier.Resources.S2.Schema;
using Xunit.Abstractions;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// OMBC over WebSocket: <c>quartier serve</c> as CEM with a micro-CHP (<c>s2 rm --device generator</c>) and a heat pump for
/// 12 simulated hours from 02:00 at 1800× speed. An API instruction starts the CHP at night, when running costs more than it
/// saves; the CEM re-plans and stops it as soon as its MIN_ON timer (2 h) allows: planned after the timer's end when the
/// CHP's timer status has arrived, else wanted at once and held back by the CEM's timer wait. When the heat pump
/// heats in the morning, the plan runs the CHP again. Every message in every log validates against the S2 schemas.
/// </summary>
public sealed class S2OmbcTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_CEM_plans_a_generator_and_waits_for_its_minimum_on_time()
    {
        using var tmp = new TempDir();
        var cemLog = tmp.File("cem.jsonl");
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"), null, "--s2-speed", "1800", "--s2-start", "2026-05-31T23:00:00Z", "--s2-log", cemLog);
        var ws = new Uri(server.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/s2/ws");
        string[] devices = ["generator", "heatpump"];
        var rms = devices.Select(d => S2WebSocketTests.Rm(d, ws, tmp.File($"{d}.jsonl"), hours: 12)).ToArray();
        try
        {
            await S2WebSocketTests.WaitConnected(server, "chp");
            var now = await Status(server);
            var start = $$"""{"message_type":"OMBC.Instruction","message_id":"test-start-1","id":"test-start","operation_mode_id":"LOW","operation_mode_factor":0,"execution_time":"{{now:O}}","abnormal_condition":false}""";
            var (status, body, _) = server.Post("/api/s2/resources/chp/instructions", Encoding.UTF8.GetBytes(start));
            Assert.True(status == HttpStatusCode.Accepted, $"{(int)status}: {body}");
            Assert.Equal("LOW 0", body.GetProperty("summary").GetString());

            foreach (var (rm, device) in rms.Zip(devices))
            {
                Assert.True(rm.WaitForExit(TimeSpan.FromSeconds(90)), $"s2 rm --device {device} still runs");
                Assert.True(rm.ExitCode == 0, $"s2 rm --device {device} exited {rm.ExitCode}: {await rm.StandardError.ReadToEndAsync()}");
            }

            var chp = server.GetJson("/api/s2/resources/chp");
            var instructions = chp.GetProperty("instructions").EnumerateArray().ToArray();
            foreach (var i in instructions)
            {
                output.WriteLine($"{i.GetProperty("execution_time")} {i.GetProperty("summary")} {i.GetProperty("source")} {i.GetProperty("status")} sent {i.GetProperty("sent_at")}");
            }

            var manual = instructions.Single(i => i.GetProperty("id").GetString() == "test-start");
            Assert.Equal("SUCCEEDED", manual.GetProperty("status").GetString());
            var started = manual.GetProperty("updates").EnumerateArray().First(u => u.GetProperty("status").GetString() == "STARTED").GetProperty("at").GetDateTimeOffset();
            var minOnEnd = started + TimeSpan.FromHours(2);

            // the CEM stops the CHP only when MIN_ON has ended, which the CHP accepts. Which way depends on what the CEM knew
            // when it re-planned: had the CHP's timer status arrived, the plan itself puts OFF after the timer's end (the
            // planner's states include the timers); if not, the plan wants OFF at once and the CEM waits for the timer
            var events = chp.GetProperty("events").EnumerateArray().Select(e => e.GetString()!).ToArray();
            output.WriteLine(string.Join('\n', events));
            if (events.FirstOrDefault(e => e.Contains("waits for timer MIN_ON of chp", StringComparison.Ordinal)) is { } wait)
            {
                Assert.Contains($"until {minOnEnd.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z before chp/OFF 0 (planner)", wait, StringComparison.Ordinal);
            }

            var stop = instructions.First(i => i.GetProperty("source").GetString() == "planner" && i.GetProperty("summary").GetString() == "chp/OFF 0");
            Assert.Equal("SUCCEEDED", stop.GetProperty("status").GetString());
            Assert.True(stop.GetProperty("sent_at").GetDateTimeOffset() >= minOnEnd, $"OFF sent at {stop.GetProperty("sent_at")}, MIN_ON ends {minOnEnd:O}");
            Assert.True(stop.GetProperty("sent_at").GetDateTimeOffset() < started + TimeSpan.FromHours(2.5), "the CHP was not stopped soon after MIN_ON ended");

            // with the heat pump heating from 06:00 the plan runs the CHP again, in both running modes, and never against a timer
            var planned = instructions.Where(i => i.GetProperty("source").GetString() == "planner").ToArray();
            Assert.Contains(planned, i => i.GetProperty("summary").GetString()!.StartsWith("chp/LOW", StringComparison.Ordinal) && i.GetProperty("status").GetString() == "SUCCEEDED");
            Assert.Contains(planned, i => i.GetProperty("summary").GetString()!.StartsWith("chp/HIGH", StringComparison.Ordinal) && i.GetProperty("status").GetString() == "SUCCEEDED");
            Assert.DoesNotContain(planned, i => i.GetProperty("status").GetString() == "REJECTED");
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var file in devices.Select(d => tmp.File($"{d}.jsonl")).Append(cemLog))
            {
                foreach (var line in File.ReadAllLines(file))
                {
                    using var doc = JsonDocument.Parse(line);
                    var message = doc.RootElement.GetProperty("message");
                    var errors = S2SchemaValidator.Default.ValidateMessage(message);
                    Assert.True(errors.Count == 0 && doc.RootElement.GetProperty("valid").GetBoolean(), $"{Path.GetFileName(file)}: {line}: {string.Join("; ", errors)}");
                    var type = message.GetProperty("message_type").GetString()!;
                    counts[type] = counts.GetValueOrDefault(type) + 1;
                }
            }

            output.WriteLine(string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
            foreach (var type in (string[])["OMBC.SystemDescription", "OMBC.Status", "OMBC.TimerStatus", "OMBC.Instruction", "InstructionStatusUpdate"])
            {
                Assert.True(counts.GetValueOrDefault(type) > 0, $"no {type} in the logs");
            }

            foreach (var line in File.ReadLines(cemLog).Where(l => l.Contains("\"OMBC.", StringComparison.Ordinal)).Take(8))
            {
                output.WriteLine(line);
            }
        }
        finally
        {
            S2WebSocketTests.Stop(rms);
        }
    }

    /// <summary>Waits until the CEM knows the CHP's operation mode; the CEM's simulated now.</summary>
    private static async Task<DateTimeOffset> Status(ServerProcess server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var chp = server.GetJson("/api/s2/resources/chp");
            if (chp.GetProperty("actuators").GetArrayLength() > 0)
            {
                return server.GetJson("/api/s2/resources").GetProperty("now").GetDateTimeOffset();
            }

            Assert.True(DateTime.UtcNow < deadline, $"the CHP reported no status: {chp}");
            await Task.Delay(50);
        }
    }
}
