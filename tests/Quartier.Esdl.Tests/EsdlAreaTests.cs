namespace Quartier.Esdl.Tests;

/// <summary>Areas inside areas.</summary>
public sealed class EsdlAreaTests
{
    [Fact]
    public void An_areas_own_assets_come_first_then_its_areas_in_document_order()
    {
        static string Joint(string id) => $"""<asset xsi:type="esdl:Joint" id="{id}" name="{id}"/>""";
        var xml = InlineEsdl.System($"""
            {Joint("top-1")}
            <area xsi:type="esdl:Area" id="a1">{Joint("a1-1")}<area xsi:type="esdl:Area" id="a11">{Joint("a11-1")}</area>{Joint("a1-2")}</area>
            {Joint("top-2")}
            <area xsi:type="esdl:Area" id="a2">{Joint("a2-1")}</area>
            <area xsi:type="esdl:Area" id="a3">{Joint("a3-1")}</area>
            """);

        var system = EsdlReader.ReadString(xml);

        Assert.Equal(["top-1", "top-2", "a1-1", "a1-2", "a11-1", "a2-1", "a3-1"], system.Assets.Select(a => a.Id));
        var area = system.Instances.Single().Area!;
        Assert.Equal(["a1", "a2", "a3"], area.Areas.Select(a => a.Id));
        Assert.Equal(["a11"], area.Areas[0].Areas.Select(a => a.Id));
    }
}
