using Vitals.Core.Resources;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>A resolved farm: the server group behind <c>{serviceName}/{http|tcp}/farm/{farmId}</c>, its load balancer and monitor.</summary>
internal sealed record OvhFarm(string Kind, LoadBalancer LoadBalancer, ServerGroup Pool, HealthMonitor? Monitor);
