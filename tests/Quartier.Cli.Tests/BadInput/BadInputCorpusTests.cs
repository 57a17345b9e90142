namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// The bad-input corpus: every case refused with exit 2 (or its stated code), one located line, no stack
/// trace, in seconds, in bounded memory, the workspace untouched. Split in two classes so xUnit runs
/// the halves in parallel.
/// </summary>
public sealed class BadInputCorpusTests
{
    public static TheoryData<string> FirstHalf() => Names(0);

    public static TheoryData<string> SecondHalf() => Names(1);

    [Fact]
    public void Corpus_is_large_and_names_are_unique()
    {
        var all = CorpusRunner.All().ToList();
        Assert.True(all.Count >= 150, $"the corpus has {all.Count} cases; at least 150 expected");
        var duplicate = all.GroupBy(c => c.ToString()).FirstOrDefault(g => g.Count() > 1);
        Assert.True(duplicate is null, $"duplicate case name: {duplicate?.Key}");
        Assert.All(all, c => Assert.NotEmpty(c.Expect));
    }

    [Theory]
    [MemberData(nameof(FirstHalf))]
    public void Refused_cleanly(string name) => CorpusRunner.Check(Find(name));

    internal static BadInputCase Find(string name) => CorpusRunner.Named(name);

    private static TheoryData<string> Names(int half)
    {
        var data = new TheoryData<string>();
        int i = 0;
        foreach (var c in CorpusRunner.All())
        {
            if (i++ % 2 == half)
            {
                data.Add(c.ToString());
            }
        }

        return data;
    }
}

/// <summary>The corpus's second half (a separate class so it runs beside the first).</summary>
public sealed class BadInputCorpusTestsSecondHalf
{
    [Theory]
    [MemberData(nameof(BadInputCorpusTests.SecondHalf), MemberType = typeof(BadInputCorpusTests))]
    public void Refused_cleanly(string name) => CorpusRunner.Check(BadInputCorpusTests.Find(name));
}
