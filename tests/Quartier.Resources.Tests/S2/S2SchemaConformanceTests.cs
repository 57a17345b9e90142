using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Quartier.Resources.S2;

namespace Quartier.Resources.Tests.S2;

/// <summary>The C# types and their JSON match the S2 schema files property for property.</summary>
public sealed class S2SchemaConformanceTests
{
    [Theory]
    [MemberData(nameof(S2Examples.MessageTypes), MemberType = typeof(S2Examples))]
    public void Serialised_example_conforms_to_its_message_schema(string messageType)
    {
        var written = S2Json.Serialize(S2Json.Parse(S2Examples.ByMessageType[messageType]));
        var checker = new S2SchemaChecker();

        checker.Check(JsonNode.Parse(written), S2SchemaChecker.MessageSchema(messageType));

        Assert.Empty(checker.Problems);
        Assert.Contains(($"{messageType}.schema.json", "message_type"), checker.Seen);
    }

    [Fact]
    public void Serialised_examples_together_use_every_property_of_every_schema()
    {
        var checker = new S2SchemaChecker();
        foreach (var (messageType, json) in S2Examples.ByMessageType)
        {
            checker.Check(JsonNode.Parse(S2Json.Serialize(S2Json.Parse(json))), S2SchemaChecker.MessageSchema(messageType));
        }

        var unseen = new List<string>();
        foreach (var folder in new[] { "messages", "schemas" })
        {
            foreach (var file in Directory.GetFiles(S2SchemaChecker.SchemaDirectory(folder), "*.schema.json"))
            {
                if (checker.Load(file)["properties"] is JsonObject properties)
                {
                    foreach (var (name, _) in properties)
                    {
                        if (!checker.Seen.Contains((Path.GetFileName(file), name)))
                        {
                            unseen.Add($"{Path.GetFileName(file)}: {name}");
                        }
                    }
                }
            }
        }

        Assert.Empty(checker.Problems);
        Assert.Empty(unseen);
    }

    [Fact]
    public void Checker_reports_undeclared_missing_and_mistyped_properties()
    {
        var json = JsonNode.Parse(S2Examples.ByMessageType["FRBC.Instruction"])!;
        json["operation_mode_id"] = "om-on";
        json.AsObject().Remove("abnormal_condition");
        json["operation_mode_factor"] = "high";
        json["message_id"] = "x";
        var checker = new S2SchemaChecker();

        checker.Check(json, S2SchemaChecker.MessageSchema("FRBC.Instruction"));

        Assert.Equal(4, checker.Problems.Count);
        Assert.Contains(checker.Problems, p => p.StartsWith("$.operation_mode_id: property not declared", StringComparison.Ordinal));
        Assert.Contains(checker.Problems, p => p.Contains("'abnormal_condition'", StringComparison.Ordinal));
        Assert.Contains(checker.Problems, p => p.StartsWith("$.operation_mode_factor: expected a number", StringComparison.Ordinal));
        Assert.Contains(checker.Problems, p => p.StartsWith("$.message_id: 'x' does not match", StringComparison.Ordinal));
    }

    [Fact]
    public void Registry_has_exactly_the_message_schemas_and_their_consts()
    {
        var checker = new S2SchemaChecker();
        var files = Directory.GetFiles(S2SchemaChecker.SchemaDirectory("messages"), "*.schema.json")
            .Select(f => Path.GetFileName(f)[..^".schema.json".Length])
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(35, files.Length);
        Assert.Equal(files, S2MessageTypes.Names);
        foreach (var name in files)
        {
            var constant = (string?)checker.Load(S2SchemaChecker.MessageSchema(name))["properties"]!["message_type"]!["const"];
            Assert.Equal(name, constant);
            Assert.True(S2MessageTypes.TryGetType(name, out var type));
            Assert.Equal(name, S2MessageTypes.NameOf(type));
            Assert.Equal(name, type.GetField("MessageTypeName")!.GetRawConstantValue());
        }

        Assert.Equal(S2Examples.ByMessageType.Keys.Order(StringComparer.Ordinal), S2MessageTypes.Names);
    }

    [Fact]
    public void Every_object_schema_maps_to_a_type_with_the_same_json_names_requiredness_and_nullability()
    {
        var checker = new S2SchemaChecker();
        var nullability = new NullabilityInfoContext();
        var mismatches = new List<string>();
        var checkedTypes = 0;
        foreach (var folder in new[] { "messages", "schemas" })
        {
            foreach (var file in Directory.GetFiles(S2SchemaChecker.SchemaDirectory(folder), "*.schema.json"))
            {
                var schema = checker.Load(file);
                if (schema["properties"] is not JsonObject properties)
                {
                    continue;
                }

                var schemaName = Path.GetFileName(file)[..^".schema.json".Length];
                var type = ClrType(schemaName);
                checkedTypes++;
                var required = schema["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToHashSet();
                var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
                    .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? $"(no JSON name: {p.Name})");

                var declared = properties.Select(p => p.Key).ToHashSet();
                foreach (var name in declared.Except(members.Keys))
                {
                    mismatches.Add($"{schemaName}.{name}: no property in {type.Name}");
                }

                foreach (var name in members.Keys.Except(declared))
                {
                    mismatches.Add($"{type.Name}.{members[name].Name}: '{name}' is not in {schemaName}");
                }

                foreach (var (name, property) in members.Where(m => declared.Contains(m.Key)))
                {
                    var isRequired = property.GetCustomAttribute<RequiredMemberAttribute>() is not null || name == "message_type";
                    var isNullable = Nullable.GetUnderlyingType(property.PropertyType) is not null
                        || nullability.Create(property).ReadState == NullabilityState.Nullable;
                    if (isRequired != required.Contains(name))
                    {
                        mismatches.Add($"{type.Name}.{property.Name}: required is {isRequired}, schema says {required.Contains(name)}");
                    }

                    if (isNullable == required.Contains(name))
                    {
                        mismatches.Add($"{type.Name}.{property.Name}: nullable is {isNullable} but the property is {(required.Contains(name) ? "required" : "optional")}");
                    }
                }
            }
        }

        Assert.Empty(mismatches);
        Assert.Equal(35 + 26, checkedTypes);
    }

    [Theory]
    [InlineData("Commodity", typeof(Commodity))]
    [InlineData("CommodityQuantity", typeof(CommodityQuantity))]
    [InlineData("ControlType", typeof(ControlType))]
    [InlineData("Currency", typeof(Currency))]
    [InlineData("EnergyManagementRole", typeof(EnergyManagementRole))]
    [InlineData("InstructionStatus", typeof(InstructionStatus))]
    [InlineData("ReceptionStatusValues", typeof(ReceptionStatusValues))]
    [InlineData("RevokableObjects", typeof(RevokableObjects))]
    [InlineData("RoleType", typeof(RoleType))]
    [InlineData("SessionRequestType", typeof(SessionRequestType))]
    [InlineData("PEBC.PowerEnvelopeConsequenceType", typeof(Quartier.Resources.S2.Pebc.PebcPowerEnvelopeConsequenceType))]
    [InlineData("PEBC.PowerEnvelopeLimitType", typeof(Quartier.Resources.S2.Pebc.PebcPowerEnvelopeLimitType))]
    [InlineData("PPBC.PowerSequenceStatus", typeof(Quartier.Resources.S2.Ppbc.PpbcPowerSequenceStatus))]
    public void Enum_strings_are_exactly_the_schema_enum(string schemaName, Type enumType)
    {
        var schema = new S2SchemaChecker().Load(ReferenceData.Path($"s2/json-schema/schemas/{schemaName}.schema.json"));
        var expected = schema["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();

        var all = typeof(S2EnumNames).GetMethod(nameof(S2EnumNames.All))!.MakeGenericMethod(enumType);
        var actual = (IReadOnlyList<string>)all.Invoke(null, null)!;

        Assert.Equal(expected, actual);
        Assert.Equal(ClrType(schemaName), enumType);
    }

    [Fact]
    public void Every_enum_schema_is_covered_and_duration_and_id_are_as_specified()
    {
        var checker = new S2SchemaChecker();
        var enumSchemas = Directory.GetFiles(S2SchemaChecker.SchemaDirectory("schemas"), "*.schema.json")
            .Where(f => checker.Load(f)["enum"] is not null)
            .Select(f => Path.GetFileName(f)[..^".schema.json".Length])
            .ToArray();
        Assert.Equal(13, enumSchemas.Length);
        Assert.All(enumSchemas, name => Assert.True(ClrType(name).IsEnum, name));

        var duration = checker.Load(ReferenceData.Path("s2/json-schema/schemas/Duration.schema.json"));
        Assert.Equal("integer", (string?)duration["type"]);
        Assert.Equal(0, (int)duration["minimum"]!);
        Assert.Contains("milliseconds", (string?)duration["description"], StringComparison.Ordinal);
        Assert.Equal(1500, S2Json.Parse<Duration>("1500").Milliseconds);

        var id = checker.Load(ReferenceData.Path("s2/json-schema/schemas/ID.schema.json"));
        Assert.Equal(@"[a-zA-Z0-9\-_:]{2,64}", (string?)id["pattern"]);
    }

    /// <summary>Schema name → C# type: <c>FRBC.OperationModeElement</c> → <c>Quartier.Resources.S2.Frbc.FrbcOperationModeElement</c>.</summary>
    private static Type ClrType(string schemaName)
    {
        var dot = schemaName.IndexOf('.', StringComparison.Ordinal);
        string fullName;
        if (dot < 0)
        {
            fullName = "Quartier.Resources.S2." + (schemaName == "Timer" ? "S2Timer" : schemaName);
        }
        else
        {
            var prefix = schemaName[0] + schemaName[1..dot].ToLowerInvariant();
            fullName = $"Quartier.Resources.S2.{prefix}.{prefix}{schemaName[(dot + 1)..]}";
        }

        return typeof(S2Message).Assembly.GetType(fullName) ?? throw new Xunit.Sdk.XunitException($"no type {fullName} for schema {schemaName}");
    }
}
