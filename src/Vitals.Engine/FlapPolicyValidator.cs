using Microsoft.Extensions.Options;
using Vitals.Core.Health;

namespace Vitals.Engine;

/// <summary>
/// The DataAnnotations ranges of <see cref="FlapPolicy"/>. Core cannot mark <see cref="MemberTrackerOptions.Flap"/> with
/// <see cref="ValidateObjectMembersAttribute"/> (it takes no options dependency), so <see cref="EngineOptionsCrossFieldValidator"/>
/// runs this one on the tracker's policy.
/// </summary>
[OptionsValidator]
internal sealed partial class FlapPolicyValidator : IValidateOptions<FlapPolicy>;
