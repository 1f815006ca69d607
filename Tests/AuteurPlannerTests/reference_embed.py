#!/usr/bin/env python3
"""Reference all-MiniLM-L6-v2 embeddings, computed without the Swift code.

Reads the model directory's safetensors, vocab.txt and config.json with numpy
and the standard library only, tokenises like BERT's BasicTokenizer plus
WordPiece, runs the encoder in float64, mean-pools and L2-normalises.

Usage: reference_embed.py MODEL_DIR < sentences.json > result.json
stdin is a JSON list of strings; stdout is {"ids": [[int]], "embeddings": [[float]]}.
"""
import json
import math
import os
import struct
import sys
import unicodedata

import numpy as np


def read_safetensors(path):
    with open(path, "rb") as handle:
        blob = handle.read()
    (header_length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + header_length])
    base = 8 + header_length
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(blob[base + begin : base + end], dtype="<f4")
        tensors[name] = array.reshape(info["shape"]).astype(np.float64)
    return tensors


# --- BERT BasicTokenizer -----------------------------------------------------

def is_whitespace(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def is_control(ch):
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch).startswith("C")


def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


CJK_RANGES = [
    (0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F),
]


def is_cjk(ch):
    cp = ord(ch)
    return any(low <= cp <= high for low, high in CJK_RANGES)


def basic_tokens(text):
    cleaned = []
    for ch in text:
        if ord(ch) == 0 or ord(ch) == 0xFFFD or is_control(ch):
            continue
        if is_whitespace(ch):
            cleaned.append(" ")
        elif is_cjk(ch):
            cleaned.extend([" ", ch, " "])
        else:
            cleaned.append(ch)
    words = []
    for chunk in "".join(cleaned).split(" "):
        if not chunk:
            continue
        folded = unicodedata.normalize("NFD", chunk.lower())
        folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
        current = ""
        for ch in folded:
            if is_punctuation(ch):
                if current:
                    words.append(current)
                words.append(ch)
                current = ""
            else:
                current += ch
        if current:
            words.append(current)
    return words


def wordpiece(word, vocab, unk):
    if len(word) > 100:
        return [unk]
    pieces, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while start < end:
            candidate = ("##" if start else "") + word[start:end]
            if candidate in vocab:
                found = vocab[candidate]
                break
            end -= 1
        if found is None:
            return [unk]
        pieces.append(found)
        start = end
    return pieces


def encode(text, vocab, max_length):
    ids = []
    for word in basic_tokens(text):
        ids.extend(wordpiece(word, vocab, vocab["[UNK]"]))
    ids = ids[: max_length - 2]
    return [vocab["[CLS]"]] + ids + [vocab["[SEP]"]]


# --- Encoder -----------------------------------------------------------------

def layer_norm(x, gamma, beta, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


erf = np.frompyfunc(math.erf, 1, 1)


def gelu(x):
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)).astype(np.float64))


def embed(ids, t, config):
    hidden = config["hidden_size"]
    heads = config["num_attention_heads"]
    size = hidden // heads
    eps = config["layer_norm_eps"]
    n = len(ids)
    x = (t["embeddings.word_embeddings.weight"][ids]
         + t["embeddings.position_embeddings.weight"][:n]
         + t["embeddings.token_type_embeddings.weight"][0])
    x = layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"], eps)

    def linear(name, v):
        return v @ t[name + ".weight"].T + t[name + ".bias"]

    for index in range(config["num_hidden_layers"]):
        p = "encoder.layer.%d." % index
        q = linear(p + "attention.self.query", x).reshape(n, heads, size).transpose(1, 0, 2)
        k = linear(p + "attention.self.key", x).reshape(n, heads, size).transpose(1, 0, 2)
        v = linear(p + "attention.self.value", x).reshape(n, heads, size).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(size)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(n, hidden)
        x = layer_norm(linear(p + "attention.output.dense", context) + x,
                       t[p + "attention.output.LayerNorm.weight"],
                       t[p + "attention.output.LayerNorm.bias"], eps)
        inner = gelu(linear(p + "intermediate.dense", x))
        x = layer_norm(linear(p + "output.dense", inner) + x,
                       t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"], eps)
    pooled = x.mean(axis=0)
    return pooled / max(np.linalg.norm(pooled), 1e-12)


def main():
    model_dir = sys.argv[1]
    with open(os.path.join(model_dir, "config.json")) as handle:
        config = json.load(handle)
    max_length = 256
    sentence_config = os.path.join(model_dir, "sentence_bert_config.json")
    if os.path.exists(sentence_config):
        with open(sentence_config) as handle:
            max_length = json.load(handle).get("max_seq_length", max_length)
    max_length = min(max_length, config["max_position_embeddings"])
    with open(os.path.join(model_dir, "vocab.txt"), encoding="utf-8") as handle:
        vocab = {}
        for index, line in enumerate(handle.read().split("\n")):
            vocab.setdefault(line.rstrip("\r"), index)
    tensors = read_safetensors(os.path.join(model_dir, "model.safetensors"))
    sentences = json.load(sys.stdin)
    all_ids = [encode(s, vocab, max_length) for s in sentences]
    embeddings = [embed(ids, tensors, config).tolist() for ids in all_ids]
    json.dump({"ids": all_ids, "embeddings": embeddings}, sys.stdout)


if __name__ == "__main__":
    main()
