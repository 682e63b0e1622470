namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    /// <summary>
    /// Proves the store can be reached and written now (a server's readiness): one write transaction, in turn with the
    /// other writes, that changes nothing a reader sees and is committed. Throws <see cref="StorageUnavailableException"/>
    /// naming the cause (read-only, disk full, lock held, connection lost) otherwise, without logging it: a load
    /// balancer asking every second must not fill the log; the server reports the cause in its answer.
    /// </summary>
    public async Task CheckWritableAsync(CancellationToken cancellationToken)
    {
        await EnterWriteAsync(cancellationToken);
        try
        {
            await RunAsync(StoreAccess.Write, async db =>
            {
                await ProbeWriteAsync(db);
                return (true, true);
            }, cancellationToken, quiet: true);
        }
        finally
        {
            _writeGate?.Release();
        }
    }

    /// <summary>The statements of <see cref="CheckWritableAsync"/>, inside its write transaction; they throw when the store cannot be written.</summary>
    private protected abstract Task ProbeWriteAsync(StoreDb db);
}
