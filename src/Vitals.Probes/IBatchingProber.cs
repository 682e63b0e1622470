namespace Vitals.Probes;

/// <summary>
/// A prober that can hand many starts to its I/O thread at once. Between <see cref="BeginBatch"/> and
/// <see cref="EndBatch"/> (on one thread, e.g. a scheduler tick), <see cref="IProber.ProbeAsync"/> only queues
/// the checks it is given; <see cref="EndBatch"/> starts them with one wake-up. Calls nest. The results of checks
/// started in a batch may be delivered on the prober's I/O thread: their continuations must be short and must never
/// block (the engine's completion callback only records the result).
/// </summary>
public interface IBatchingProber
{
    void BeginBatch();

    void EndBatch();
}
