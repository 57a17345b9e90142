using System.Text;

namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// Corpus: <c>quartier cossmic run</c> on PySSMic folders with one file broken (jobs, load profiles, producers,
/// predictions), the web editor's XML, and bad options — each refused naming the file and line before anything is
/// written; a missing MILP solver is a failure (exit 1) with the Debian package to install.
/// </summary>
[CorpusSection]
internal static class CossmicCases
{
    private const string Command = "cossmic run";
    private const string GoodJob = "1460271600;1460282400;1460311200;[57]:[219]:[3];98.csv";

    public static IEnumerable<BadInputCase> Cases()
    {
        // consumer_event.csv: line 6 is the 98.csv job.
        yield return Job("latest start before the earliest", "1460271600;1460311200;1460282400;[57]:[219]:[3];98.csv", ["consumer_event.csv:6", "latest start", "before the earliest start"]);
        yield return Job("registered after the latest start", "1460311300;1460282400;1460311200;[57]:[219]:[3];98.csv", ["consumer_event.csv:6", "after its latest start"]);
        yield return Job("window of two years", "1460271600;1460282400;1523354400;[57]:[219]:[3];98.csv", ["consumer_event.csv:6", "window", "[0 … 3.162e7] s"]);
        yield return Job("registration at time 0", "0;1460282400;1460311200;[57]:[219]:[3];98.csv", ["consumer_event.csv:6", "'registration time (UNIX seconds)' = 0", "physical range"]);
        yield return Job("times in milliseconds", "1460271600000;1460282400000;1460311200000;[57]:[219]:[3];98.csv", ["consumer_event.csv:6", "(UNIX seconds)' = 1.46e12", "2000–2100"]);
        yield return Job("earliest start is a word", "1460271600;soon;1460311200;[57]:[219]:[3];98.csv", ["consumer_event.csv:6", "'soon' is not a whole number"]);
        yield return Job("earliest start of 1e308", "1460271600;1e308;1460311200;[57]:[219]:[3];98.csv", ["consumer_event.csv:6", "'1e308' is not a whole number"]);
        yield return Job("four fields", "1460271600;1460282400;1460311200;98.csv", ["consumer_event.csv:6", "expected 5 ';'-separated fields"]);
        yield return Job("six fields", GoodJob + ";extra", ["consumer_event.csv:6", "expected 5 ';'-separated fields", "found 6"]);
        yield return Job("job id without device", "1460271600;1460282400;1460311200;57;98.csv", ["consumer_event.csv:6", "job id '57' is not of the form"]);
        yield return Job("load profile missing", "1460271600;1460282400;1460311200;[57]:[219]:[3];nope.csv", ["consumer_event.csv:6", "'nope.csv' not found"]);
        yield return Job("load profile outside the folder", "1460271600;1460282400;1460311200;[57]:[219]:[3];../../consumer_event.csv", ["consumer_event.csv:6", "must be a plain file name"]);
        yield return Job("load profile by absolute path", "1460271600;1460282400;1460311200;[57]:[219]:[3];/etc/hostname", ["consumer_event.csv:6", "must be a plain file name"]);
        yield return Folder("job three days later", ["consumer_event.csv:12", "after the 1 simulated day(s)", "simulate 3 days"], [("consumer_event.csv", Consumer() + "1460500000;1460500000;1460503600;[57]:[219]:[4];98.csv\n")]);
        yield return Folder("job id with invalid UTF-8", ["consumer_event.csv:6", "invalid UTF-8"], [("consumer_event.csv", ReplaceLine(Consumer(), 6, "1460271600;1460282400;1460311200;[57]:[21\u00FF]:[3];98.csv"))], latin1: true);
        yield return Folder("NUL byte in a job line", ["consumer_event.csv:6", "NUL"], [("consumer_event.csv", ReplaceLine(Consumer(), 6, "1460271600;1460282400;1460311200;[57]:[219]:[3]\0;98.csv"))]);
        yield return Folder("consumer_event.csv missing", ["consumer_event.csv", "has no consumer_event.csv"], [("consumer_event.csv", null)]);
        yield return Folder("producer_event.csv missing", ["producer_event.csv", "has no producer_event.csv"], [("producer_event.csv", null)]);
        yield return Folder("consumer_event.csv is a folder", ["consumer_event.csv", "is a folder"], [("consumer_event.csv", null), ("consumer_event.csv/x", "1")]);
        yield return Folder("no jobs and no producers", ["neither jobs nor producers"], [("consumer_event.csv", "\n"), ("producer_event.csv", string.Empty)]);

        // loads/98.csv
        yield return Load("load starting below zero", "0 -5\n60 0\n", ["98.csv:1", "'cumulative energy (Wh)' = -5", "[0 … 200000] Wh"]);
        yield return Load("load starting before 0 s", "-60 0\n0 1\n", ["98.csv:1", "a load profile starts at 0 s"]);
        yield return Load("load that falls", "0 0\n60 5\n120 4\n", ["98.csv:3", "must not decrease"]);
        yield return Load("load with NaN", "0 0\n60 NaN\n", ["98.csv:2", "'NaN' is not a finite number"]);
        yield return Load("load with infinity", "0 0\n60 Infinity\n", ["98.csv:2", "is not a finite number"]);
        yield return Load("load time going backwards", "0 0\n120 1\n60 2\n", ["98.csv:3", "times must increase"]);
        yield return Load("load of 1e308 Wh", "0 0\n60 1e308\n", ["98.csv:2", "'cumulative energy (Wh)' = 1e308", "physical range"]);
        yield return Load("load of 3.6 MW", "0 0\n1 1000\n", ["98.csv:2", "'mean power since the previous row'", "[0 … 100000] W"]);
        yield return Load("load running 30 days", "0 0\n2592000 100\n", ["98.csv:2", "'time (seconds since start)' = 2592000", "[0 … 604800] s"]);
        yield return Load("load with three columns", "0 0 0\n60 1 1\n", ["98.csv:1", "expected 2 space-separated numbers"]);
        yield return Load("load with a word", "0 0\n60 lots\n", ["98.csv:2", "'lots' is not a finite number"]);
        yield return Load("load file empty", string.Empty, ["98.csv", "has no data rows"]);
        yield return Folder("load with invalid UTF-8", ["98.csv:2", "invalid UTF-8"], [("loads/98.csv", "0 0\n60 1\u00E9\n")], latin1: true);

        // producer_event.csv and predictions/
        yield return Folder("prediction file missing", ["producer_event.csv:4", "'57_220_2.csv' not found"], [("predictions/57_220_2.csv", null)]);
        yield return Producer("producer line of two fields", "1460246400;pv_producer[59]:[226]", ["producer_event.csv:2", "expected 3 ';'-separated fields"]);
        yield return Producer("producer id without brackets", "1460246400;pv_producer59;59_226_1.csv", ["producer_event.csv:2", "producer id 'pv_producer59' is not of the form"]);
        yield return Producer("producer id empty", "1460246400; ;59_226_1.csv", ["producer_event.csv:2", "producer id is empty"]);
        yield return Producer("producer time is a word", "noon;pv_producer[59]:[226];59_226_1.csv", ["producer_event.csv:2", "'noon' is not a whole number"]);
        yield return Producer("producer time negative", "-1;pv_producer[59]:[226];59_226_1.csv", ["producer_event.csv:2", "'event time (UNIX seconds)' = -1", "physical range"]);
        yield return Producer("prediction outside the folder", "1460246400;pv_producer[59]:[226];../loads/98.csv", ["producer_event.csv:2", "must be a plain file name"]);
        yield return Prediction("prediction that falls", "1460246400 5\n1460250000 4\n", ["57_220_1.csv:2", "must not decrease"]);
        yield return Prediction("prediction with NaN", "1460246400 0\n1460250000 nan\n", ["57_220_1.csv:2", "is not a finite number"]);
        yield return Prediction("prediction of 1e15 Wh", "1460246400 0\n1460250000 1e15\n", ["57_220_1.csv:2", "'cumulative energy (Wh)' = 1e15", "physical range"]);
        yield return Prediction("prediction of 50 MW", "1460246400 0\n1460250000 50000000\n", ["57_220_1.csv:2", "'mean power since the previous row'", "[0 … 1e7] W"]);
        yield return Prediction("prediction times in milliseconds", "1460246400000 0\n1460250000000 1\n", ["57_220_1.csv:1", "'time (UNIX seconds)'", "physical range"]);
        yield return Prediction("prediction time going backwards", "1460250000 0\n1460246400 1\n", ["57_220_1.csv:2", "times must increase"]);
        yield return Prediction("prediction time with a fraction", "1460246400.5 0\n1460250000 1\n", ["57_220_1.csv:1", "'1460246400.5' is not a whole number"]);
        yield return Prediction("prediction of one column", "1460246400\n1460250000\n", ["57_220_1.csv:1", "expected 2 space-separated numbers"]);

        // options: all found before anything is computed or written
        yield return Options("zero runs", ["--runs", "0"], ["--runs: runs 0", "between 1 and 10000"]);
        yield return Options("100000 runs", ["--runs", "100000"], ["--runs: runs 100000", "between 1 and 10000"]);
        yield return Options("zero days", ["--days", "0"], ["--days: days 0", "between 1 and 366"]);
        yield return Options("400 days", ["--days", "400"], ["--days: days 400", "between 1 and 366"]);
        yield return Options("negative prediction error", ["--prediction-error", "-1"], ["prediction error -1", "between 0 and 5"]);
        yield return Options("prediction error NaN", ["--prediction-error", "NaN"], ["prediction error NaN"]);
        yield return Options("negative jitter", ["--jitter", "-5"], ["arrival jitter -5 s", "between 0 and 86400"]);
        yield return new BadInputCase(Command, "unknown algorithm", Files([]), ["cossmic", "run", "{dir}/in", "--db", "{db}", "--algorithm", "magic"], ["unknown algorithm 'magic'", "naive, random, fifty-fifty, exact"]);
        yield return Options("unknown solver", ["--solver", "gurobi"], ["solver 'gurobi' is not known", "cbc, glpk"]);
        yield return Options("jobs XML without the neighbourhood", ["--jobs-xml", "{dir}/in/jobs.xml"], ["--neighbourhood-xml and --jobs-xml go together"]);
        yield return Options("bundle under a file", ["--bundle", "{dir}/in/consumer_event.csv/out.qcb"], ["--bundle", "consumer_event.csv' is a file, not a folder"]);
        yield return Options("bundle is a folder", ["--bundle", "{dir}/in/loads"], ["--bundle is a folder"]);
        yield return Options("bundle in /proc", ["--bundle", "/proc/quartier-corpus/out.qcb"], ["--bundle", "/proc/quartier-corpus/out.qcb"]);
        yield return Options("database is a text file", ["--db", "{dir}/in/producer_event.csv"], ["producer_event.csv", "not a Quartier result store"], db: false);
        yield return new BadInputCase(Command, "input folder missing", new Dictionary<string, byte[]>(), ["cossmic", "run", "{dir}/nowhere", "--db", "{db}"], ["nowhere", "input folder not found"]);
        yield return new BadInputCase(Command, "input is a file", Files([]), ["cossmic", "run", "{dir}/in/consumer_event.csv", "--db", "{db}"], ["consumer_event.csv", "is a file, not a folder"]);
        yield return new BadInputCase(Command, "exact without the CBC library", Files([]), ["cossmic", "run", "{dir}/in", "--db", "{db}", "--algorithm", "exact"], ["failed:", "CBC is not installed", "/nonexistent", "coinor-libcbc3"])
        {
            ExitCode = 1,
            Environment = new Dictionary<string, string> { ["QUARTIER_CBC_LIBRARY"] = "/nonexistent" },
        };
        yield return new BadInputCase(Command, "exact on GLPK without its library", Files([]), ["cossmic", "run", "{dir}/in", "--db", "{db}", "--algorithm", "exact", "--solver", "glpk"], ["failed:", "GLPK is not installed", "libglpk40"])
        {
            ExitCode = 1,
            Environment = new Dictionary<string, string> { ["QUARTIER_GLPK_LIBRARY"] = "/nonexistent" },
        };

        // the web editor's XML (line 4 holds the <device> of the one job)
        yield return Xml("jobs XML with a DTD", "<?xml version=\"1.0\"?>\n<!DOCTYPE n [<!ENTITY a \"aaaaaaaaaa\">]>\n<neighborhood id=\"3\">&a;</neighborhood>\n", ["jobs.xml:2", "DTD"]);
        yield return Xml("jobs XML nested 500 deep", "<neighborhood id=\"3\">" + string.Concat(Enumerable.Repeat("<house id=\"1\">", 500)) + string.Concat(Enumerable.Repeat("</house>", 500)) + "</neighborhood>", ["jobs.xml:1", "nested", "exceeds the limit of 100 levels", "QUARTIER_MAX_XML_DEPTH"]);
        yield return Xml("jobs XML not closed", "<neighborhood id=\"3\">\n<house id=\"30\">\n", ["jobs.xml:3", "malformed XML"]);
        yield return Xml("jobs XML with the wrong root", "<jobs id=\"3\"/>\n", ["jobs.xml:1", "root element is <jobs>"]);
        yield return Xml("job latest before earliest", JobsXml("<est>1460311200</est><lst>1460282400</lst><creation_time>1460271600</creation_time>"), ["jobs.xml:4", "before the earliest start"]);
        yield return Xml("job est is a word", JobsXml("<est>soon</est><lst>1460282400</lst><creation_time>1460271600</creation_time>"), ["jobs.xml:4", "est 'soon' is not a whole number"]);
        yield return Xml("job created in 1973", JobsXml("<est>1460282400</est><lst>1460311200</lst><creation_time>123112335</creation_time>"), ["jobs.xml:4", "'creation_time' = 1.231e8", "physical range"]);
        yield return Xml("job without est", JobsXml("<lst>1460311200</lst><creation_time>1460271600</creation_time>"), ["jobs.xml:4", "<device> has no <est>"]);
        yield return Xml("job on a producer device", JobsXml("<est>1460282400</est><lst>1460311200</lst><creation_time>1460271600</creation_time>", device: "122"), ["jobs.xml:4", "only consumers run jobs"]);
        yield return Xml("job in an unknown house", JobsXml("<est>1460282400</est><lst>1460311200</lst><creation_time>1460271600</creation_time>", house: "8"), ["jobs.xml:4", "house 8 is not in neighborhood.xml"]);
        yield return Xml("job profile outside the folder", JobsXml("<est>1460282400</est><lst>1460311200</lst><creation_time>1460271600</creation_time>", profile: "../../consumer_event"), ["jobs.xml:4", "must be a plain file name"]);
        yield return Xml("job profile missing", JobsXml("<est>1460282400</est><lst>1460311200</lst><creation_time>1460271600</creation_time>", profile: "404"), ["jobs.xml:4", "'404.csv' not found"]);
        yield return Xml("jobs XML with invalid UTF-8", JobsXml("<est>1460282400</est><lst>1460311200</lst><creation_time>1460271600</creation_time>").Replace("<id>121</id>", "<id>1\u00FF</id>", StringComparison.Ordinal), ["jobs.xml:4", "invalid UTF-8"], latin1: true);
        yield return Xml("neighbourhood device of type battery", null, ["n.xml:3", "type 'battery' is neither 'consumer' nor 'producer'"], neighbourhood: "<neighborhood id=\"13\">\n<house id=\"30\"><user id=\"1\">\n<device><id>121</id><name>x</name><template>98</template><type>battery</type></device>\n</user></house></neighborhood>\n");
        yield return Xml("neighbourhood house twice", null, ["n.xml:3", "house 30 appears twice"], neighbourhood: "<neighborhood id=\"13\">\n<house id=\"30\"/>\n<house id=\"30\"/>\n</neighborhood>\n");
        yield return Xml("neighbourhood XML missing", null, ["none.xml", "not found"], neighbourhood: string.Empty);
    }

    private static Dictionary<string, byte[]> Files(IEnumerable<(string Path, string? Content)> changes, bool latin1 = false)
    {
        var files = CorpusInputs.PyssmicFolder("small_test");
        foreach (var (path, content) in changes)
        {
            if (content is null)
            {
                files.Remove("in/" + path);
            }
            else
            {
                files["in/" + path] = latin1 ? Encoding.Latin1.GetBytes(content) : Encoding.UTF8.GetBytes(content);
            }
        }

        return files;
    }

    private static string[] Run(params string[] extra) => ["cossmic", "run", "{dir}/in", "--db", "{db}", "--algorithm", "naive", .. extra];

    private static BadInputCase Folder(string name, string[] expect, (string Path, string? Content)[] changes, bool latin1 = false) =>
        new(Command, name, Files(changes, latin1), Run(), expect);

    private static BadInputCase Options(string name, string[] options, string[] expect, bool db = true)
    {
        string[] args = db ? Run(options) : ["cossmic", "run", "{dir}/in", "--algorithm", "naive", .. options];
        return new BadInputCase(Command, name, Files([]), args, expect);
    }

    private static string Consumer() => Encoding.UTF8.GetString(CorpusInputs.PyssmicFolder("small_test")["in/consumer_event.csv"]);

    private static string ReplaceLine(string text, int line, string replacement)
    {
        var lines = text.Split('\n');
        lines[line - 1] = replacement;
        return string.Join('\n', lines);
    }

    private static BadInputCase Job(string name, string line, string[] expect) =>
        Folder(name, expect, [("consumer_event.csv", ReplaceLine(Consumer(), 6, line))]);

    private static BadInputCase Load(string name, string content, string[] expect) => Folder(name, expect, [("loads/98.csv", content)]);

    private static BadInputCase Producer(string name, string line, string[] expect) =>
        Folder(name, expect, [("producer_event.csv", "1460246400;pv_producer[57]:[220];57_220_1.csv\n" + line + "\n")]);

    private static BadInputCase Prediction(string name, string content, string[] expect) => Folder(name, expect, [("predictions/57_220_1.csv", content)]);

    private static string JobsXml(string times, string house = "30", string device = "121", string profile = "98") =>
        $"<neighborhood id=\"13\" executionId=\"1\">\n  <house id=\"{house}\">\n    <user id=\"1\">\n      <device><id>{device}</id>{times}<profile>{profile}</profile></device>\n    </user>\n  </house>\n</neighborhood>\n";

    private static BadInputCase Xml(string name, string? jobs, string[] expect, string? neighbourhood = null, bool latin1 = false)
    {
        var changes = new List<(string, string?)> { ("jobs.xml", jobs ?? JobsXml("<est>1460282400</est><lst>1460311200</lst><creation_time>1460271600</creation_time>")) };

        var neighbourhoodFile = "{ref}/pyssmic/xml-examples/neighborhood.xml";
        if (neighbourhood is { Length: > 0 })
        {
            changes.Add(("n.xml", neighbourhood));
            neighbourhoodFile = "{dir}/in/n.xml";
        }
        else if (neighbourhood is { Length: 0 })
        {
            neighbourhoodFile = "{dir}/in/none.xml";
        }

        return new BadInputCase(Command, name, Files(changes, latin1), Run("--neighbourhood-xml", neighbourhoodFile, "--jobs-xml", "{dir}/in/jobs.xml"), expect);
    }
}
