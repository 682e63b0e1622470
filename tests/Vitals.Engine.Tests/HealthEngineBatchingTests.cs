using Vitals.Core.Probing;
using Vitals.Probes;
using Vitals.Testing;

namespace Vitals.Engine.Tests;

public sealed class HealthEngineBatchingTests
{
    [Fact]
    public async Task Tick_BatchingProber_StartsOfATickAreBetweenBeginAndEnd()
    {
        var clock = new EngineClock();
        var prober = new RecordingBatchingProber(clock);
        await using var sut = new HealthEngine(prober, clock, new EngineOptions { Jitter = 0 });
        for (var i = 0; i < 50; i++)
        {
            sut.Upsert(EngineFixture.Member($"m{i}", i, EngineFixture.Spec(delay: 1)));
        }

        sut.Start();
        clock.Advance(TimeSpan.FromSeconds(3));

        var log = prober.Log;
        Assert.Equal(150, log.FindAll(e => e == "start").Count);
        var depth = 0;
        var startsInBatch = 0;
        foreach (var entry in log)
        {
            switch (entry)
            {
                case "begin":
                    Assert.Equal(0, depth);
                    depth++;
                    break;
                case "end":
                    Assert.Equal(1, depth);
                    depth--;
                    break;
                default:
                    Assert.Equal(1, depth); // every start is inside a batch
                    startsInBatch++;
                    break;
            }
        }

        Assert.Equal(0, depth);
        Assert.Equal(150, startsInBatch);

        // 750 ticks passed; those with nothing to start open no batch (no wake-up of an idle I/O thread).
        Assert.InRange(log.FindAll(e => e == "begin").Count, 1, 150);
    }

    private sealed class RecordingBatchingProber(TimeProvider clock) : IProber, IBatchingProber
    {
        private readonly Lock _lock = new();
        private readonly List<string> _log = [];

        public List<string> Log
        {
            get
            {
                lock (_lock)
                {
                    return [.. _log];
                }
            }
        }

        public void BeginBatch() => Add("begin");

        public void EndBatch() => Add("end");

        public ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
        {
            Add("start");
            return ValueTask.FromResult(FakeProber.Pass(clock));
        }

        private void Add(string entry)
        {
            lock (_lock)
            {
                _log.Add(entry);
            }
        }
    }
}
