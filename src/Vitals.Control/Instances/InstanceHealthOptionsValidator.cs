using Microsoft.Extensions.Options;

namespace Vitals.Control.Instances;

/// <summary>The DataAnnotations ranges of <see cref="InstanceHealthOptions"/>, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class InstanceHealthOptionsValidator : IValidateOptions<InstanceHealthOptions>;
