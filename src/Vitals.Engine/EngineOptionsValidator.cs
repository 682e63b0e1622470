using Microsoft.Extensions.Options;

namespace Vitals.Engine;

/// <summary>The DataAnnotations ranges of <see cref="EngineOptions"/> (and of its tracker), generated at build time.</summary>
[OptionsValidator]
public sealed partial class EngineOptionsValidator : IValidateOptions<EngineOptions>;
