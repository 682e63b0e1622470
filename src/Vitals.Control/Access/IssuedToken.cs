using Vitals.Storage;

namespace Vitals.Control.Access;

/// <summary>A token just created or rotated: the stored record and its secret, which is shown this once and never stored.</summary>
public sealed record IssuedToken(ProjectToken Token, string Secret);
