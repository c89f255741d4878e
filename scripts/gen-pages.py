#!/usr/bin/env python3
"""Writes the same corpus of N Markdown pages as a normsite site and as a Hugo site.

Usage: gen-pages.py N OUT_DIR REPO_DIR. Pages are plain Markdown with YAML front matter
(title, description, date): a few paragraphs, a list, a table, a code block, links to
neighbouring pages. Both tools get one language and a comparable base template.
"""
import os, random, shutil, sys

n, out, repo = int(sys.argv[1]), sys.argv[2], sys.argv[3]
random.seed(42)
WORDS = ("audit measure supplier risk backup incident policy network access control encryption "
         "training continuity register certificate level review evidence report board").split()

def para():
    return " ".join(random.choice(WORDS) for _ in range(random.randint(40, 80))).capitalize() + "."

def page(i):
    prev_link = f"[previous](/en/pages/p{i-1}/)" if i > 0 else "first"
    body = [f"## Section one\n\n{para()}\n\n{para()}",
            "- " + "\n- ".join(random.choice(WORDS) for _ in range(5)),
            "| key | value |\n| --- | --- |\n| a | " + random.choice(WORDS) + " |\n| b | " + random.choice(WORDS) + " |",
            "```bash\necho " + random.choice(WORDS) + "\n```",
            f"## Section two\n\n{para()} See {prev_link}."]
    return "\n\n".join(body) + "\n"

ns = os.path.join(out, "normsite"); hu = os.path.join(out, "hugo")
os.makedirs(os.path.join(ns, "content/pages")); os.makedirs(os.path.join(hu, "content/pages"))
os.makedirs(os.path.join(hu, "layouts/_default"))
shutil.copytree(os.path.join(repo, "themes"), os.path.join(ns, "themes"))
shutil.copytree(os.path.join(repo, "i18n/en"), os.path.join(ns, "i18n/en"))
with open(os.path.join(ns, "normsite.yaml"), "w") as f:
    f.write("base_url: https://bench.example.org\ndefault_language: en\nlanguages:\n  - { code: en, name: English, complete: true }\n"
            "menu:\n  - { key: \"pages/\", label: nav.news }\n")
with open(os.path.join(ns, "content/_index.en.md"), "w") as f:
    f.write("---\ntitle: Bench\n---\nHome.\n")
with open(os.path.join(ns, "content/pages/_index.en.md"), "w") as f:
    f.write("---\ntitle: Pages\n---\nAll pages.\n")
with open(os.path.join(hu, "config.toml"), "w") as f:
    f.write('baseURL = "https://bench.example.org/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", "RSS"]\n'
            '[markup.highlight]\nnoClasses = false\n')
with open(os.path.join(hu, "layouts/_default/baseof.html"), "w") as f:
    f.write('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
            '<link rel="canonical" href="{{ .Permalink }}"><link rel="stylesheet" href="/site.css"></head>'
            '<body><a href="#main">Skip</a><header><a href="/">Bench</a><nav><a href="/pages/">Pages</a></nav></header>'
            '<main id="main">{{ block "main" . }}{{ end }}</main><footer>Footer</footer></body></html>\n')
with open(os.path.join(hu, "layouts/_default/single.html"), "w") as f:
    f.write('{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}\n')
with open(os.path.join(hu, "layouts/_default/list.html"), "w") as f:
    f.write('{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')
with open(os.path.join(hu, "content/_index.md"), "w") as f:
    f.write("---\ntitle: Bench\n---\nHome.\n")
with open(os.path.join(hu, "content/pages/_index.md"), "w") as f:
    f.write("---\ntitle: Pages\n---\nAll pages.\n")
for i in range(n):
    fm = f"---\ntitle: Page {i}\ndescription: Benchmark page number {i}.\ndate: 2026-01-{(i % 28) + 1:02d}\n---\n"
    text = page(i)
    with open(os.path.join(ns, f"content/pages/p{i}.en.md"), "w") as f:
        f.write(fm + text)
    # Hugo serves pages at /pages/pN/; the same links without the language prefix.
    with open(os.path.join(hu, f"content/pages/p{i}.md"), "w") as f:
        f.write(fm + text.replace("](/en/pages/", "](/pages/"))
