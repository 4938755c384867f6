using FastIo.Orleans.Billing;

namespace FastIo.Orleans.Grains.Profiles;

public sealed partial class ProfileGrain
{
    public Task<OrgBilling> GetBillingAsync() => Task.FromResult(_state.ToBilling());
}
