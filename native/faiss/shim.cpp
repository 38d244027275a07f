// A small C ABI over FAISS for the C# binding (Harness.Retrieval's FaissIndex): Debian's FAISS 1.7.3
// ships only the C++ library, not FAISS's own C API. Every entry point catches C++ exceptions, returns
// 0 on success or -1 on failure, and leaves the failure's message in a thread-local string.
#include <faiss/AutoTune.h>
#include <faiss/Index.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>

#include <omp.h>

#include <cstdint>
#include <exception>
#include <string>

namespace {

thread_local std::string last_error;

template <typename F>
int guarded(F&& body) {
    try {
        last_error.clear();
        body();
        return 0;
    } catch (const std::exception& e) {
        last_error = e.what();
    } catch (...) {
        last_error = "unknown C++ exception";
    }
    return -1;
}

// One query gains nothing from a thread team, and on a busy machine waiting for the team to be
// scheduled costs more than the search (HNSW opens a parallel region even for one query).
class SingleThreadedFor {
   public:
    explicit SingleThreadedFor(bool active) : saved_(omp_get_max_threads()), active_(active) {
        if (active_) {
            omp_set_num_threads(1);
        }
    }
    ~SingleThreadedFor() {
        if (active_) {
            omp_set_num_threads(saved_);
        }
    }
    SingleThreadedFor(const SingleThreadedFor&) = delete;
    SingleThreadedFor& operator=(const SingleThreadedFor&) = delete;

   private:
    int saved_;
    bool active_;
};

faiss::Index* as_index(void* index) {
    if (index == nullptr) {
        throw std::invalid_argument("the index handle is null");
    }
    return static_cast<faiss::Index*>(index);
}

}  // namespace

extern "C" {

const char* harness_faiss_last_error() { return last_error.c_str(); }

// metric: 0 = inner product, 1 = L2 (FAISS's own MetricType values).
int harness_faiss_create(const char* factory, int32_t dimension, int32_t metric, void** out) {
    return guarded([&] {
        if (metric != faiss::METRIC_INNER_PRODUCT && metric != faiss::METRIC_L2) {
            throw std::invalid_argument("metric must be 0 (inner product) or 1 (L2)");
        }
        *out = faiss::index_factory(dimension, factory, static_cast<faiss::MetricType>(metric));
    });
}

int harness_faiss_is_trained(void* index, int32_t* out) {
    return guarded([&] { *out = as_index(index)->is_trained ? 1 : 0; });
}

int harness_faiss_train(void* index, int64_t n, const float* vectors) {
    return guarded([&] { as_index(index)->train(n, vectors); });
}

int harness_faiss_add(void* index, int64_t n, const float* vectors) {
    return guarded([&] { as_index(index)->add(n, vectors); });
}

int harness_faiss_search(void* index, int64_t n, const float* queries, int64_t k, float* distances, int64_t* labels) {
    return guarded([&] {
        SingleThreadedFor single(n == 1);
        as_index(index)->search(n, queries, k, distances, labels);
    });
}

// Search-time parameters in FAISS's ParameterSpace syntax, e.g. "nprobe=16" or "efSearch=64".
int harness_faiss_set_parameters(void* index, const char* parameters) {
    return guarded([&] { faiss::ParameterSpace().set_index_parameters(as_index(index), parameters); });
}

int harness_faiss_ntotal(void* index, int64_t* out) {
    return guarded([&] { *out = as_index(index)->ntotal; });
}

int harness_faiss_dimension(void* index, int32_t* out) {
    return guarded([&] { *out = as_index(index)->d; });
}

int harness_faiss_metric(void* index, int32_t* out) {
    return guarded([&] { *out = static_cast<int32_t>(as_index(index)->metric_type); });
}

int harness_faiss_write(void* index, const char* path) {
    return guarded([&] { faiss::write_index(as_index(index), path); });
}

int harness_faiss_read(const char* path, void** out) {
    return guarded([&] { *out = faiss::read_index(path); });
}

void harness_faiss_free(void* index) { delete static_cast<faiss::Index*>(index); }

}  // extern "C"
