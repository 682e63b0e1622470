using Vitals.Core.Health;

namespace Vitals.Storage;

/// <summary>
/// A transition read back from the store. Its evidence is the stored summary: each result's content is cut to
/// <see cref="StoredTransition.MaxEvidenceContentChars"/> characters and at most
/// <see cref="StoredTransition.MaxEvidenceResults"/> results are kept (the latest).
/// </summary>
/// <param name="NumericId">Its position in the store's history (grows with every append).</param>
/// <param name="MemberId">The member it belongs to.</param>
/// <param name="Transition">The transition.</param>
/// <param name="Node">
/// The node that recorded it, where several nodes share a PostgreSQL database (each checks every member and records
/// its own transitions); null in SQLite.
/// </param>
public sealed record StoredTransition(long NumericId, string MemberId, HealthTransition Transition, string? Node = null)
{
    public const int MaxEvidenceContentChars = 128;

    public const int MaxEvidenceResults = 10;
}
