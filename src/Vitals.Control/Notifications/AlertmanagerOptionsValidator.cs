using Microsoft.Extensions.Options;

namespace Vitals.Control.Notifications;

/// <summary>The DataAnnotations ranges of <see cref="AlertmanagerOptions"/>, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class AlertmanagerOptionsValidator : IValidateOptions<AlertmanagerOptions>;
