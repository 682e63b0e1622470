using Microsoft.Extensions.Options;

namespace Vitals.Server;

/// <summary>The DataAnnotations of <see cref="VitalsServerOptions"/> (and of its engine figures), generated at build time.</summary>
[OptionsValidator]
public sealed partial class VitalsServerOptionsValidator : IValidateOptions<VitalsServerOptions>;
