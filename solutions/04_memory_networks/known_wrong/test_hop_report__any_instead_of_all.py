"""Known wrong: all_found counts questions where ANY supporting fact is some hop's focus."""


def hop_report(attention, support):
    focus = attention.argmax(dim=-1)
    hit = support.gather(1, focus)
    return hit.float().mean(dim=0), hit.any(dim=1).float().mean().item()
