namespace Fulcrum.Lab;

/// <summary>One namespace of a lab and its interfaces.</summary>
public sealed record NamespaceStatus(string Name, LabRole Role, IReadOnlyList<InterfaceStatus> Interfaces);
