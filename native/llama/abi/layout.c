// Prints sizeof/offsetof of every llama.cpp struct the binding passes by value or reads (see print.sh).
#include <stdio.h>
#include <stddef.h>
#include "llama.h"
#include "ggml-opt.h"
#define S(t) printf("size %s %zu\n", #t, sizeof(t))
#define O(t, f) printf("offset %s.%s %zu\n", #t, #f, offsetof(t, f))
int main(void) {
  S(struct llama_model_params);
  O(struct llama_model_params, devices); O(struct llama_model_params, tensor_buft_overrides);
  O(struct llama_model_params, n_gpu_layers); O(struct llama_model_params, split_mode);
  O(struct llama_model_params, load_mode); O(struct llama_model_params, lazy_mode);
  O(struct llama_model_params, main_gpu); O(struct llama_model_params, tensor_split);
  O(struct llama_model_params, progress_callback); O(struct llama_model_params, progress_callback_user_data);
  O(struct llama_model_params, kv_overrides); O(struct llama_model_params, vocab_only);
  O(struct llama_model_params, check_tensors); O(struct llama_model_params, use_extra_bufts);
  O(struct llama_model_params, no_host); O(struct llama_model_params, no_alloc); O(struct llama_model_params, load_mtp);
  S(struct llama_context_params);
  O(struct llama_context_params, n_ctx); O(struct llama_context_params, n_batch); O(struct llama_context_params, n_ubatch);
  O(struct llama_context_params, n_seq_max); O(struct llama_context_params, n_rs_seq); O(struct llama_context_params, n_outputs_max);
  O(struct llama_context_params, n_outputs_max_per_seq); O(struct llama_context_params, n_threads); O(struct llama_context_params, n_threads_batch);
  O(struct llama_context_params, ctx_type); O(struct llama_context_params, rope_scaling_type); O(struct llama_context_params, pooling_type);
  O(struct llama_context_params, attention_type); O(struct llama_context_params, flash_attn_type);
  O(struct llama_context_params, rope_freq_base); O(struct llama_context_params, rope_freq_scale);
  O(struct llama_context_params, yarn_ext_factor); O(struct llama_context_params, yarn_attn_factor);
  O(struct llama_context_params, yarn_beta_fast); O(struct llama_context_params, yarn_beta_slow);
  O(struct llama_context_params, yarn_orig_ctx); O(struct llama_context_params, defrag_thold);
  O(struct llama_context_params, cb_eval); O(struct llama_context_params, cb_eval_user_data);
  O(struct llama_context_params, type_k); O(struct llama_context_params, type_v);
  O(struct llama_context_params, abort_callback); O(struct llama_context_params, abort_callback_data);
  O(struct llama_context_params, embeddings); O(struct llama_context_params, offload_kqv); O(struct llama_context_params, no_perf);
  O(struct llama_context_params, op_offload); O(struct llama_context_params, swa_full); O(struct llama_context_params, kv_unified);
  O(struct llama_context_params, samplers); O(struct llama_context_params, n_samplers); O(struct llama_context_params, ctx_other);
  S(struct llama_batch);
  O(struct llama_batch, n_tokens); O(struct llama_batch, token); O(struct llama_batch, embd); O(struct llama_batch, pos);
  O(struct llama_batch, n_seq_id); O(struct llama_batch, seq_id); O(struct llama_batch, logits);
  S(struct llama_sampler_chain_params); O(struct llama_sampler_chain_params, no_perf);
  S(struct llama_chat_message); O(struct llama_chat_message, role); O(struct llama_chat_message, content);
  S(struct llama_perf_context_data); O(struct llama_perf_context_data, t_start_ms); O(struct llama_perf_context_data, t_load_ms);
  O(struct llama_perf_context_data, t_p_eval_ms); O(struct llama_perf_context_data, t_eval_ms); O(struct llama_perf_context_data, n_p_eval);
  O(struct llama_perf_context_data, n_eval); O(struct llama_perf_context_data, n_reused);
  S(struct ggml_threadpool_params); O(struct ggml_threadpool_params, cpumask); O(struct ggml_threadpool_params, n_threads);
  O(struct ggml_threadpool_params, prio); O(struct ggml_threadpool_params, poll); O(struct ggml_threadpool_params, strict_cpu);
  O(struct ggml_threadpool_params, paused);
  S(struct llama_opt_params); O(struct llama_opt_params, n_ctx_train); O(struct llama_opt_params, param_filter);
  O(struct llama_opt_params, param_filter_ud); O(struct llama_opt_params, get_opt_pars); O(struct llama_opt_params, get_opt_pars_ud);
  O(struct llama_opt_params, optimizer_type);
  S(struct ggml_opt_optimizer_params); O(struct ggml_opt_optimizer_params, adamw.alpha); O(struct ggml_opt_optimizer_params, adamw.beta1);
  O(struct ggml_opt_optimizer_params, adamw.beta2); O(struct ggml_opt_optimizer_params, adamw.eps); O(struct ggml_opt_optimizer_params, adamw.wd);
  O(struct ggml_opt_optimizer_params, sgd.alpha); O(struct ggml_opt_optimizer_params, sgd.wd);
  return 0;
}
