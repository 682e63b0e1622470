namespace Vitals.Server.Api;

/// <summary>What every resource representation has: its id (used for the Location of a created resource).</summary>
public interface IResourceDto
{
    string Id { get; }
}
