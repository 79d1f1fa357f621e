// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The console's address-book uploads (/console/uploads): each third-party upload with its
// source, time, record count and uploader — only as the blind index the store keeps, never the
// uploader's id — and a delete action that asks for confirmation on a page of its own
// (GET /console/uploads/delete?batch=N, then POST with the CSRF token).
#ifndef DAYLIGHT_SERVER_CONSOLE_UPLOADS_H_
#define DAYLIGHT_SERVER_CONSOLE_UPLOADS_H_

#include <string>
#include <vector>

#include "daylight/store.h"

namespace dl::server {

std::string RenderUploadsPage(const std::vector<UploadView>& uploads);
// The confirmation form for deleting `upload`.
std::string RenderUploadDeleteConfirm(const UploadView& upload, const std::string& csrf);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_UPLOADS_H_
