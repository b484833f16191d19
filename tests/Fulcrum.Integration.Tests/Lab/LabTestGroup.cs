namespace Fulcrum.Integration.Tests.Lab;

/// <summary>
/// Lab tests run one at a time: on two cores, building labs in parallel only makes timing-sensitive
/// tests flaky. They share one <see cref="LabFixture"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LabTestGroup : ICollectionFixture<LabFixture>
{
    public const string Name = "Lab";
}
