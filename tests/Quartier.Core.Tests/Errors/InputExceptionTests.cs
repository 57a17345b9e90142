using Quartier.Core.Errors;

namespace Quartier.Core.Tests.Errors;

public sealed class InputExceptionTests
{
    [Fact]
    public void Located_names_file_line_and_element()
    {
        var ex = new InputException("bad value", "model.esdl", 12, "abc");

        Assert.Equal("model.esdl:12: element 'abc': bad value", ex.Located);
    }

    [Fact]
    public void Located_without_file_line_or_element()
    {
        Assert.Equal("input: bad value", new InputException("bad value").Located);
        Assert.Equal("input:3: bad value", new InputException("bad value", line: 3).Located);
    }
}
