// Background: the company's ordinary activity, hour by hour — what every real workspace is
// mostly made of and what planted attacks must be found in. Endpoint activity (process trees,
// network, files, registry, logons, including the internet's password guessing against exposed
// VMs) is in background_endpoint.cc; identity, Azure, NSG flows, DeviceInfo and the odd benign
// alert in background_cloud.cc. Rates follow a working-day curve and the scale's intensity.
// Not thread-safe; deterministic for a given Rng. Every draw is its own statement (C++ leaves the
// order of function arguments and of `+` operands unspecified, so two draws in one expression
// would give another range on another compiler).
#pragma once

#include <cstdint>

#include "range/cloud_events.h"
#include "range/device_events.h"
#include "range/range_options.h"
#include "range/row_buffer.h"
#include "range/rng.h"
#include "range/world.h"

namespace quarry::range {

class Background {
 public:
  Background(const World& world, const RangeOptions& options, RowBuffer& out, Rng rng);

  // Appends the background rows of the hour starting at `hour_start` to the buffer.
  void GenerateHour(int64_t hour_start);

 private:
  // 0..1: how busy people are at this hour (weekday working hours = 1).
  static double WorkFactor(int64_t hour_start);
  int64_t TimeIn(int64_t hour_start) {
    int64_t second = static_cast<int64_t>(rng_.Below(3600));
    int64_t tick = static_cast<int64_t>(rng_.Below(10'000'000));
    return hour_start + second * 10'000'000 + tick;
  }

  void WindowsHost(const Host& host, int64_t hour_start, double work);
  void WindowsUserApps(const Host& host, const Proc& explorer, int64_t hour_start, double work);
  void WindowsLogons(const Host& host, int64_t hour_start, double work);
  void LinuxHost(const Host& host, int64_t hour_start, double work);
  void InternetNoise(const Host& host, int64_t hour_start);
  void Signins(int64_t hour_start, double work);
  void Audit(int64_t hour_start, double work);
  void Azure(int64_t hour_start, double work);
  void Flows(const Host& host, int64_t hour_start, double work);
  void BenignAlert(int64_t hour_start);

  const World& world_;
  RangeOptions options_;
  double intensity_;
  RowBuffer& out_;
  Rng rng_;
  DeviceEvents dev_;
  CloudEvents cloud_;
};

}  // namespace quarry::range
