#!/usr/bin/python3
"""Screening of AAN variants for EXPERIMENTS.md ("AAN that adapts"): a PyTorch prototype of the loss variants
(raw / relative / mean scale, layer weights, init noise / source / colour, smoothness, optimisers) over the same
CNTK ResNet-18 (via ../shared/reference/aan_reference.py) and a numpy yardstick (colour gap, detail gap, structure
kept, a KID), so many settings can be tried before the engine gets the winner. The final numbers come from
`fcan assess` (scripts/aan-study.sh), not from here. Needs Debian's python3-torch, python3-onnx, python3-pil.

  scripts/aan_screen.py --root DEMO_OUT --n 4 --baselines \
      --cfg '{"norm":"relative","alpha":30,"beta":1,"wt":[1,1,0.1,0.01,0.01],"init":"colour","cs":0.8}' --sheet s.png
"""
import sys, json, time, glob, os, math, argparse
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'reference'))
import numpy as np, torch, torch.nn.functional as F
from PIL import Image
from aan_reference import OnnxResNet, to_net, from_net, gram

torch.set_num_threads(1)
ONNX = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'Client', 'bin', 'Release', 'net10.0', 'DnnImageModels', 'ResNet18Onnx', 'ResNet18.onnx')


def load_rgb(p):
    return torch.from_numpy(np.array(Image.open(p).convert('RGB'), dtype=np.float32)).permute(2, 0, 1)


def dataset(root, n):
    src = sorted(glob.glob(f'{root}/dataset/source/images/*.png'))[:n]
    lab = [p.replace('/images/', '/labels/') for p in src]
    tgt = sorted(glob.glob(f'{root}/dataset/target/leftImg8bit/*/*/*.png'))
    S = torch.stack([load_rgb(p) for p in src])
    L = np.stack([np.array(Image.open(p)) for p in lab])
    T = torch.stack([load_rgb(p) for p in tgt])
    return S, L, T


# ---------------- yardstick ----------------
def frechet(a, b):
    ma, mb = a.mean(0), b.mean(0)
    ca, cb = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    w, v = np.linalg.eigh(ca)
    sa = v @ np.diag(np.sqrt(np.clip(w, 0, None))) @ v.T
    m = sa @ cb @ sa
    w2 = np.linalg.eigvalsh(m)
    return float(((ma - mb) ** 2).sum() + np.trace(ca) + np.trace(cb) - 2 * np.sqrt(np.clip(w2, 0, None)).sum())


def pixels(X):
    return X.permute(0, 2, 3, 1).reshape(-1, 3).double().numpy()


def lap_energy(X):
    y = (0.299 * X[:, 0] + 0.587 * X[:, 1] + 0.114 * X[:, 2]).unsqueeze(1)
    k = torch.tensor([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=torch.float32).view(1, 1, 3, 3)
    return F.conv2d(y, k).abs().mean().item()


def structure(X, L):
    accs = []
    for x, l in zip(X, L):
        px = x.permute(1, 2, 0).reshape(-1, 3).double().numpy()
        lab = l.reshape(-1)
        ids = np.unique(lab)
        means = np.stack([px[lab == i].mean(0) for i in ids])
        d = ((px[:, None, :] - means[None]) ** 2).sum(-1)
        accs.append(float((ids[d.argmin(1)] == lab).mean()))
    return float(np.mean(accs))


def kid_feats(net, X):
    with torch.no_grad():
        f = net.taps(to_net(X.clamp(0, 255)))
        v = []
        for t in f[3:]:
            p = F.adaptive_avg_pool2d(t, (2, 4))  # 8 cells per image
            v.append(p.permute(0, 2, 3, 1).reshape(-1, t.shape[1]))
        return torch.cat(v, 1).double().numpy()


def kid(a, b):
    d = a.shape[1]
    k = lambda x, y: (x @ y.T / d + 1) ** 3
    m, n = len(a), len(b)
    kaa, kbb, kab = k(a, a), k(b, b), k(a, b)
    return float((kaa.sum() - np.trace(kaa)) / (m * (m - 1)) + (kbb.sum() - np.trace(kbb)) / (n * (n - 1)) - 2 * kab.mean())


def yardstick(net, S, A, T, L):
    ps, pa, pt = pixels(S), pixels(A.clamp(0, 255)), pixels(T)
    cg = frechet(pa, pt) / frechet(ps, pt)
    es, ea, et = lap_energy(S), lap_energy(A.clamp(0, 255)), lap_energy(T)
    dg = abs(math.log(ea / et)) / abs(math.log(es / et))
    sk = structure(A.clamp(0, 255), L)
    ft = kid_feats(net, T)
    return dict(colour=cg, detail=dg, dlog=math.log(ea / et), dsrc=math.log(es / et), structure=sk, kid=kid(kid_feats(net, A), ft), kid_src=kid(kid_feats(net, S), ft))


# ---------------- baselines ----------------
def rgb2lab_lms(X):  # Reinhard l-alpha-beta
    M = torch.tensor([[0.3811, 0.5783, 0.0402], [0.1967, 0.7244, 0.0782], [0.0241, 0.1288, 0.8444]])
    lms = torch.einsum('ij,njhw->nihw', M, X / 255 + 1e-2).clamp_min(1e-6).log10()  # floor as ColourTransfer.Floor
    A = torch.tensor([[1 / math.sqrt(3), 0, 0], [0, 1 / math.sqrt(6), 0], [0, 0, 1 / math.sqrt(2)]]) @ torch.tensor([[1., 1, 1], [1, 1, -2], [1, -1, 0]])
    return torch.einsum('ij,njhw->nihw', A, lms)


def lab2rgb_lms(Y):
    A = torch.tensor([[1 / math.sqrt(3), 0, 0], [0, 1 / math.sqrt(6), 0], [0, 0, 1 / math.sqrt(2)]]) @ torch.tensor([[1., 1, 1], [1, 1, -2], [1, -1, 0]])
    lms = torch.einsum('ij,njhw->nihw', torch.linalg.inv(A), Y)
    lms = 10 ** lms
    M = torch.tensor([[0.3811, 0.5783, 0.0402], [0.1967, 0.7244, 0.0782], [0.0241, 0.1288, 0.8444]])
    return (torch.einsum('ij,njhw->nihw', torch.linalg.inv(M), lms) - 1e-2) * 255


def colour_transfer(S, T, strength=1.0):
    ls, lt = rgb2lab_lms(S), rgb2lab_lms(T)
    mt, st = lt.mean((0, 2, 3), keepdim=True), lt.std((0, 2, 3), keepdim=True)
    ms, ss = ls.mean((2, 3), keepdim=True), ls.std((2, 3), keepdim=True)
    m = ms + strength * (mt - ms); s = torch.minimum(ss + strength * (st - ss), 2 * ss)  # ColourTransfer.MaxStretch
    return lab2rgb_lms((ls - ms) / ss * s + m).clamp(0, 255)


def fda(S, T, band=0.01):
    out = []
    for i, s in enumerate(S):
        t = T[i % len(T)]
        fs, ft = torch.fft.fft2(s), torch.fft.fft2(t)
        amp_s, pha_s, amp_t = fs.abs(), fs.angle(), ft.abs()
        h, w = s.shape[1:]
        b = int(math.floor(min(h, w) * band))
        a = torch.fft.fftshift(amp_s, dim=(-2, -1)); at = torch.fft.fftshift(amp_t, dim=(-2, -1))
        ch, cw = h // 2, w // 2
        a[:, ch - b:ch + b + 1, cw - b:cw + b + 1] = at[:, ch - b:ch + b + 1, cw - b:cw + b + 1]
        a = torch.fft.ifftshift(a, dim=(-2, -1))
        out.append(torch.fft.ifft2(torch.polar(a, pha_s)).real)
    return torch.stack(out).clamp(0, 255)


# ---------------- AAN variants ----------------
def tv(x):
    return (x[:, :, 1:, :] - x[:, :, :-1, :]).abs().mean() + (x[:, :, :, 1:] - x[:, :, :, :-1]).abs().mean()


def render(net, S, T, iters=100, norm='relative', opt='paper', alpha=1.0, beta=10.0, lr=4.0, init='source',
           ws=(0, 0, 1, 1, 1), wt=(1, 1, 1, 1, 1), tvw=0.0, c2f=False, log=None, Tfeat=None, cs=1.0):
    with torch.no_grad():
        xs = to_net(S)
        fs = net.taps(xs)
        # pool Grams normalised by H*W (size-free)
        gbar = None
        for t in T:
            ft = net.taps(to_net(t[None]))
            g = [gram(f)[0] / (f.shape[2] * f.shape[3]) for f in ft]
            gbar = g if gbar is None else [a + b for a, b in zip(gbar, g)]
        gbar = [g / len(T) for g in gbar]
    if init == 'source':
        x0 = xs.clone()
    elif init == 'colour':
        x0 = to_net(colour_transfer(S, T, cs))
    else:
        g = torch.Generator().manual_seed(0)
        x0 = to_net(torch.randn(S.shape, generator=g) * 30 + 128)
    x = x0.clone().contiguous().requires_grad_(True)
    n = S.shape[0]

    def loss_fn(x):
        fo = net.taps(x)
        c = s = 0
        for l, (o, f0, g) in enumerate(zip(fo, fs, gbar)):
            hw = o.shape[2] * o.shape[3]
            go = gram(o) / hw
            if norm == 'raw':
                if ws[l]: c = c + ws[l] * ((o - f0) ** 2).sum()
                if wt[l]: s = s + wt[l] * ((go * hw - g * hw) ** 2).sum()
            elif norm == 'mean':
                if ws[l]: c = c + ws[l] * ((o - f0) ** 2).mean()
                if wt[l]: s = s + wt[l] * ((go - g) ** 2).mean()
            elif norm == 'relative':
                if ws[l]: c = c + ws[l] * ((o - f0) ** 2).sum((1, 2, 3)).div((f0 ** 2).sum((1, 2, 3))).sum()
                if wt[l]: s = s + wt[l] * ((go - g) ** 2).sum((1, 2)).div((g ** 2).sum()).sum()
        total = c + alpha * s
        if tvw: total = total + tvw * tv(x) * n
        return total, c, s

    t0 = time.time()
    if opt == 'paper':
        for i in range(1, iters + 1):
            total, c, s = loss_fn(x)
            (g,) = torch.autograd.grad(total, x)
            with torch.no_grad():
                x -= beta * (iters - i + 1) / iters * g / g.abs().mean((1, 2, 3), keepdim=True)
    elif opt == 'adam':
        o = torch.optim.Adam([x], lr=lr)
        sched = torch.optim.lr_scheduler.LambdaLR(o, lambda i: 1.0)
        for i in range(iters):
            o.zero_grad(); total, c, s = loss_fn(x); total.backward(); o.step()
    elif opt == 'lbfgs':
        o = torch.optim.LBFGS([x], lr=1, max_iter=iters, history_size=20, line_search_fn='strong_wolfe')
        def closure():
            o.zero_grad(); total, c, s = loss_fn(x); total.backward(); return total
        o.step(closure)
    secs = time.time() - t0
    with torch.no_grad():
        total, c, s = loss_fn(x)
    return from_net(x.detach()), secs, dict(content=float(c), style=float(s))


def sheet(path, rows):
    ims = [torch.cat([r.clamp(0, 255) for r in row], 2) for row in rows]
    a = torch.cat(ims, 1).permute(1, 2, 0).byte().numpy()
    Image.fromarray(a).save(path)


if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--root', required=True, help='an fcan demo --out folder (its dataset/ is used)')
    p.add_argument('--n', type=int, default=4)
    p.add_argument('--cfg', action='append', default=[])
    p.add_argument('--sheet')
    p.add_argument('--baselines', action='store_true')
    a = p.parse_args()
    net = OnnxResNet(ONNX)
    S, L, T = dataset(a.root, a.n)
    rows = []
    if a.baselines:
        for name, fn in [('identity', lambda: S), ('colour', lambda: colour_transfer(S, T)), ('fda.01', lambda: fda(S, T, 0.01)), ('fda.05', lambda: fda(S, T, 0.05)), ('fda.09', lambda: fda(S, T, 0.09))]:
            t0 = time.time(); A = fn(); secs = time.time() - t0
            print(json.dumps(dict(cfg=name, secs=round(secs, 2), **{k: round(v, 4) for k, v in yardstick(net, S, A, T, L).items()})), flush=True)
    for c in a.cfg:
        kw = json.loads(c)
        A, secs, terms = render(net, S, T, **kw)
        y = yardstick(net, S, A, T, L)
        print(json.dumps(dict(cfg=kw, secs=round(secs, 1), **{k: round(v, 4) for k, v in y.items()}, **terms)), flush=True)
        rows.append(A)
    if a.sheet and rows:
        sheet(a.sheet, [[S[i]] + [r[i] for r in rows] + [T[i % len(T)]] for i in range(len(S))])
