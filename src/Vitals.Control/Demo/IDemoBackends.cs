namespace Vitals.Control.Demo;

/// <summary>
/// The demo fleet's backends, running inside the process on 127.0.0.1. They are servers, so the host starts them (see
/// <see cref="DemoFleet"/>); they stop when disposed.
/// </summary>
public interface IDemoBackends : IAsyncDisposable
{
    /// <summary>Where each kind of backend listens.</summary>
    DemoPorts Ports { get; }
}
